package io.nerco.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny ONNX models (ModelProto bytes) for the arithmetic-limit graphs: a handful of
 * nodes, initialisers with raw data, and inputs and outputs whose dimensions may be symbolic.
 * Written against the onnx.proto field numbers with protobuf's wire-format classes: io.nerco.onnx
 * writes only its own graphs (the linear tagger) and float tensors, while the limit needs int8
 * initialisers and {@code com.microsoft} nodes. Fold this into io.nerco.onnx if it grows a
 * generic graph builder. Not thread-safe; build once, then call {@link #toBytes}.
 */
public final class OnnxGraphBuilder {

    /** ONNX TensorProto.DataType values used here. */
    public enum ElementType {
        FLOAT(1), UINT8(2), INT8(3), INT32(6), INT64(7);

        final int code;

        ElementType(int code) {
            this.code = code;
        }
    }

    private final List<ByteString> nodes = new ArrayList<>();
    private final List<ByteString> initializers = new ArrayList<>();
    private final List<ByteString> inputs = new ArrayList<>();
    private final List<ByteString> outputs = new ArrayList<>();
    private boolean usesMicrosoftDomain;

    /** Adds a node of the default domain. */
    public OnnxGraphBuilder node(String opType, List<String> in, List<String> out) {
        return node("", opType, in, out);
    }

    /** Adds a node; {@code domain} is "" for the ONNX default or {@code com.microsoft}. */
    public OnnxGraphBuilder node(String domain, String opType, List<String> in, List<String> out) {
        nodes.add(message(o -> {
            for (String s : in) {
                o.writeString(1, s);
            }
            for (String s : out) {
                o.writeString(2, s);
            }
            o.writeString(3, opType + "_" + nodes.size());
            o.writeString(4, opType);
            if (!domain.isEmpty()) {
                o.writeString(7, domain);
            }
        }));
        usesMicrosoftDomain |= domain.equals("com.microsoft");
        return this;
    }

    /** Adds an initialiser; {@code rawData} is little-endian, {@code dims} may be empty for a scalar. */
    public OnnxGraphBuilder initializer(String name, ElementType type, long[] dims, byte[] rawData) {
        initializers.add(message(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, type.code);
            o.writeString(8, name);
            o.writeByteArray(9, rawData);
        }));
        return this;
    }

    /** Declares a graph input; each dim is a Long (fixed) or a String (symbolic). */
    public OnnxGraphBuilder input(String name, ElementType type, Object... dims) {
        inputs.add(valueInfo(name, type, dims));
        return this;
    }

    /** Declares a graph output; each dim is a Long (fixed) or a String (symbolic). */
    public OnnxGraphBuilder output(String name, ElementType type, Object... dims) {
        outputs.add(valueInfo(name, type, dims));
        return this;
    }

    /** The serialised ModelProto, opset 17 (and com.microsoft 1 where a node uses it). */
    public byte[] toBytes() {
        ByteString graph = message(o -> {
            for (ByteString n : nodes) {
                o.writeBytes(1, n);
            }
            o.writeString(2, "nerco_bench");
            for (ByteString t : initializers) {
                o.writeBytes(5, t);
            }
            for (ByteString v : inputs) {
                o.writeBytes(11, v);
            }
            for (ByteString v : outputs) {
                o.writeBytes(12, v);
            }
        });
        return message(o -> {
            o.writeInt64(1, 8); // ir_version
            o.writeString(2, "nerco-bench");
            o.writeBytes(7, graph);
            o.writeBytes(8, opset("", 17));
            if (usesMicrosoftDomain) {
                o.writeBytes(8, opset("com.microsoft", 1));
            }
        }).toByteArray();
    }

    private static ByteString opset(String domain, long version) {
        return message(o -> {
            o.writeString(1, domain);
            o.writeInt64(2, version);
        });
    }

    private static ByteString valueInfo(String name, ElementType type, Object... dims) {
        ByteString shape = message(o -> {
            for (Object d : dims) {
                o.writeBytes(1, message(dim -> {
                    switch (d) {
                        case Long v -> dim.writeInt64(1, v);
                        case Integer v -> dim.writeInt64(1, v);
                        case String s -> dim.writeString(2, s);
                        default -> throw new IllegalArgumentException("dimension " + d + " is neither a number nor a name");
                    }
                }));
            }
        });
        ByteString tensorType = message(o -> {
            o.writeInt32(1, type.code);
            o.writeBytes(2, shape);
        });
        ByteString typeProto = message(o -> o.writeBytes(1, tensorType));
        return message(o -> {
            o.writeString(1, name);
            o.writeBytes(2, typeProto);
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
