package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OrtProfileTest {

    /** The shape of ONNX Runtime 1.23's profile: session events, then per-node before/kernel/after events. */
    private static final String PROFILE = """
            [
            {"cat" : "Session","pid" :1,"tid" :1,"dur" :5000,"ts" :1,"ph" : "X","name" :"model_loading_uri","args" : {}},
            {"cat" : "Node","pid" :1,"tid" :1,"dur" :3,"ts" :10,"ph" : "X","name" :"/l0/MatMul_fence_before","args" : {"op_name" : "MatMul"}},
            {"cat" : "Node","pid" :1,"tid" :1,"dur" :120,"ts" :11,"ph" : "X","name" :"/l0/MatMul_kernel_time","args" : {"op_name" : "MatMul","provider" : "CPUExecutionProvider"}},
            {"cat" : "Node","pid" :1,"tid" :1,"dur" :80,"ts" :140,"ph" : "X","name" :"/l1/MatMul_kernel_time","args" : {"op_name" : "MatMul"}},
            {"cat" : "Node","pid" :1,"tid" :1,"dur" :50,"ts" :230,"ph" : "X","name" :"/l0/Softmax_kernel_time","args" : {"op_name" : "Softmax"}},
            {"cat" : "Session","pid" :1,"tid" :1,"dur" :400,"ts" :300,"ph" : "X","name" :"SequentialExecutor::Execute","args" : {}}
            ]
            """;

    @Test
    void sumsKernelTimeByOperatorMostFirst() throws Exception {
        OrtProfile profile = OrtProfile.parse(new ObjectMapper().readTree(PROFILE));

        assertThat(profile.ops()).containsExactly(new OrtProfile.OpTime("MatMul", 2, 200), new OrtProfile.OpTime("Softmax", 1, 50));
        assertThat(profile.totalMicroseconds()).isEqualTo(250);
        assertThat(profile.microseconds("Softmax")).isEqualTo(50);
        assertThat(profile.microseconds("Gelu")).isZero();
    }

    @Test
    void somethingElseIsAClearError() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> OrtProfile.parse(json.readTree("{}"))).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> OrtProfile.parse(json.readTree("[{\"cat\":\"Node\",\"name\":\"x_kernel_time\",\"args\":{}}]")))
                .hasMessageContaining("without op_name");
    }
}
