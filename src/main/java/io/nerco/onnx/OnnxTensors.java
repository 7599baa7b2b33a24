package io.nerco.onnx;

import com.google.protobuf.ByteString;
import io.nerco.onnx.internal.proto.TensorProto;
import io.nerco.onnx.internal.proto.TensorShapeProto;
import io.nerco.onnx.internal.proto.TypeProto;
import io.nerco.onnx.internal.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Conversions between ONNX tensor and value-info messages and this package's types. */
final class OnnxTensors {

    private OnnxTensors() {}

    static FloatTensor toFloatTensor(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxFormatException("initializer " + t.getName() + " has element type "
                    + elementTypeName(t.getDataType()) + ", not FLOAT");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int count = Math.toIntExact(FloatTensor.elementCount(shape));
        float[] data = new float[count];
        if (t.hasRawData()) {
            ByteString raw = t.getRawData();
            if (raw.size() != (long) count * Float.BYTES) {
                throw new OnnxFormatException("initializer " + t.getName() + " of shape " + Arrays.toString(shape)
                        + " has " + raw.size() + " raw bytes");
            }
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else if (t.getFloatDataCount() == count) {
            for (int i = 0; i < count; i++) {
                data[i] = t.getFloatData(i);
            }
        } else {
            throw new OnnxFormatException("initializer " + t.getName() + " carries no inline data"
                    + " (external tensor data is not supported)");
        }
        return new FloatTensor(shape, data);
    }

    static TensorProto floatInitializer(String name, FloatTensor tensor) {
        ByteBuffer bytes = ByteBuffer.allocate(tensor.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(tensor.data());
        return tensorHeader(name, TensorProto.DataType.FLOAT, tensor.shape())
                .setRawData(ByteString.copyFrom(bytes.array()))
                .build();
    }

    static TensorProto int8Initializer(String name, long[] shape, byte[] values) {
        return tensorHeader(name, TensorProto.DataType.INT8, shape).setRawData(ByteString.copyFrom(values)).build();
    }

    static TensorProto int64Initializer(String name, long[] shape, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return tensorHeader(name, TensorProto.DataType.INT64, shape).setRawData(ByteString.copyFrom(bytes.array())).build();
    }

    private static TensorProto.Builder tensorHeader(String name, TensorProto.DataType type, long[] shape) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : shape) {
            b.addDims(d);
        }
        return b;
    }

    /**
     * A tensor value info; each dimension is a {@link Number} (fixed) or a {@link String}
     * (symbolic).
     */
    static ValueInfoProto tensorValueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam((String) d);
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    static String elementTypeName(int dataType) {
        TensorProto.DataType type = TensorProto.DataType.forNumber(dataType);
        return type == null ? "type " + dataType : type.name();
    }
}
