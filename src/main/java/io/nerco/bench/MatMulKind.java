package io.nerco.bench;

/** The single-op graphs the arithmetic limit is measured with. */
public enum MatMulKind {
    /** ONNX {@code MatMul}, fp32 activations and weights. */
    FP32("fp32 MatMul", "GFLOP/s"),
    /** {@code com.microsoft:DynamicQuantizeMatMul}: fp32 in and out, int8 weights, activations quantised per call; what the int8 bundle uses. */
    INT8_DYNAMIC("int8 DynamicQuantizeMatMul", "GOP/s"),
    /** ONNX {@code MatMulInteger}: uint8 activations × int8 weights → int32, no quantisation cost. */
    INT8_INTEGER("int8 MatMulInteger", "GOP/s");

    private final String label;
    private final String unit;

    MatMulKind(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }
}
