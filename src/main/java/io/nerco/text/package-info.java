/**
 * Text: sentence and word segmentation with exact character offsets into the original
 * string, subword encoding with HuggingFace tokenizers, word alignment and windows over
 * sentences longer than the encoder's window. Depends on nothing else in the project.
 */
package io.nerco.text;
