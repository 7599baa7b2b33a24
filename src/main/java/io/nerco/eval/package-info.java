/**
 * Evaluation: CoNLL readers and entity-level precision, recall and F1 with conlleval
 * semantics, shared by {@code nerco eval} and the streaming quality topology.
 */
package io.nerco.eval;
