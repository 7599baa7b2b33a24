package io.nerco.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a Hugging Face {@code tokenizer.json} for a BERT WordPiece vocabulary ({@code vocab.txt},
 * one token per line, the line number its id), as {@code BertTokenizerFast} would: BERT's
 * normaliser (lowercasing and accent stripping only for uncased models), its pre-tokeniser, WordPiece
 * with {@code ##} continuations, and {@code [CLS] ... [SEP]} around each sequence. No truncation or
 * padding: the runtime windows and pads itself.
 */
public final class WordPieceTokenizerJson {

    private static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WordPieceTokenizerJson() {}

    /**
     * @throws IllegalArgumentException when the vocabulary lacks a special token or repeats a token
     */
    public static void write(List<String> vocabulary, boolean lowercase, Path out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : SPECIAL) {
            int id = vocabulary.indexOf(special);
            if (id < 0) {
                throw new IllegalArgumentException("vocabulary has no " + special + " token");
            }
            added.addObject().put("id", id).put("content", special).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer").put("clean_text", true).put("handle_chinese_chars", true)
                .put("lowercase", lowercase);
        if (lowercase) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", false);
        }
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addAll(single.deepCopy());
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode t = specials.putObject(s);
            t.put("id", s);
            t.putArray("ids").add(vocabulary.indexOf(s));
            t.putArray("tokens").add(s);
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocab.has(vocabulary.get(id))) {
                throw new IllegalArgumentException("vocabulary repeats token " + vocabulary.get(id) + " at line " + (id + 1));
            }
            vocab.put(vocabulary.get(id), id);
        }
        Files.writeString(out, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    }

    /** Lines of a {@code vocab.txt}, without line terminators. */
    public static List<String> readVocabulary(Path vocabTxt) throws IOException {
        List<String> lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        while (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }
}
