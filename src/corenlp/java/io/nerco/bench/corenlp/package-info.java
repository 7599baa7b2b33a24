/**
 * The Stanford CoreNLP CRF tagger as a peer for the model benchmark. CoreNLP is GPL: this
 * folder is compiled only by the Maven profile {@code corenlp}, never by the default build,
 * and nothing outside it refers to it.
 */
package io.nerco.bench.corenlp;
