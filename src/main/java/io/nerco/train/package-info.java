/**
 * Training: the NerCo trainer (contrastive stage, then tagging with a CRF) on DJL's
 * PyTorch engine, and export of the result as a model bundle. Never imported by serving code.
 */
package io.nerco.train;
