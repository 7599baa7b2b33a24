package io.nerco.model;

/**
 * Best label sequence under the emissions, the CRF's transition, start and end scores, and
 * the hard BIO constraints (no I-X at the start, I-X only after B-X or I-X): the constraints
 * are applied even when the bundle has no CRF, since greedy decoding of a softmax head makes
 * hundreds of invalid I- tags on CoNLL-2003. Thread-safe; holds no per-call state.
 */
public final class ViterbiDecoder {

    private final LabelSet labels;
    private final float[][] transitions;
    private final float[] start;
    private final float[] end;

    /**
     * @param labels the label set
     * @param crf    the CRF's scores, or null for zero transitions
     */
    public ViterbiDecoder(LabelSet labels, BundleManifest.Crf crf) {
        int n = labels.size();
        this.labels = labels;
        this.transitions = crf == null ? new float[n][n] : crf.transitions();
        this.start = crf == null || crf.start() == null ? new float[n] : crf.start();
        this.end = crf == null || crf.end() == null ? new float[n] : crf.end();
        if (transitions.length != n || start.length != n || end.length != n) {
            throw new IllegalArgumentException("CRF sizes do not match " + n + " labels");
        }
        for (float[] row : transitions) {
            if (row.length != n) {
                throw new IllegalArgumentException("CRF transitions are not " + n + "x" + n);
            }
        }
    }

    /**
     * @param emissions one row of label scores per word; may be empty
     * @return the best label index per word
     */
    public int[] decode(float[][] emissions) {
        int len = emissions.length;
        int n = labels.size();
        int[] path = new int[len];
        if (len == 0) {
            return path;
        }
        double[] score = new double[n];
        int[][] back = new int[len][n];
        for (int j = 0; j < n; j++) {
            score[j] = labels.isInside(j) ? Double.NEGATIVE_INFINITY : start[j] + emissions[0][j];
        }
        double[] next = new double[n];
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < n; j++) {
                double best = Double.NEGATIVE_INFINITY;
                int arg = labels.outside();
                for (int i = 0; i < n; i++) {
                    if (!labels.allowed(i, j)) {
                        continue;
                    }
                    double s = score[i] + transitions[i][j];
                    if (s > best) {
                        best = s;
                        arg = i;
                    }
                }
                next[j] = best + emissions[t][j];
                back[t][j] = arg;
            }
            double[] swap = score;
            score = next;
            next = swap;
        }
        int arg = labels.outside();
        double best = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double s = score[j] + end[j];
            if (s > best) {
                best = s;
                arg = j;
            }
        }
        path[len - 1] = arg;
        for (int t = len - 1; t > 0; t--) {
            path[t - 1] = back[t][path[t]];
        }
        return path;
    }

    /**
     * The probability the CRF gives {@code path} among all label sequences the BIO constraints
     * allow: {@code exp(score(path) - log Z)}, with {@code log Z} from the forward algorithm. For
     * the path {@link #decode} returns it is the model's confidence in the whole sentence; 1 for
     * an empty sentence.
     */
    public double pathProbability(float[][] emissions, int[] path) {
        int len = emissions.length;
        if (len != path.length) {
            throw new IllegalArgumentException(path.length + " labels for " + len + " words");
        }
        if (len == 0) {
            return 1.0;
        }
        int n = labels.size();
        double[] alpha = new double[n];
        for (int j = 0; j < n; j++) {
            alpha[j] = labels.isInside(j) ? Double.NEGATIVE_INFINITY : (double) start[j] + emissions[0][j];
        }
        double[] next = new double[n];
        double[] terms = new double[n];
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    terms[i] = labels.allowed(i, j) ? alpha[i] + transitions[i][j] : Double.NEGATIVE_INFINITY;
                }
                next[j] = LogSpace.logSumExp(terms) + emissions[t][j];
            }
            double[] swap = alpha;
            alpha = next;
            next = swap;
        }
        for (int j = 0; j < n; j++) {
            terms[j] = alpha[j] + end[j];
        }
        // the path score and log Z both sum in double; float sums of the same terms round differently
        double logZ = LogSpace.logSumExp(terms);
        double score = (double) start[path[0]] + emissions[0][path[0]] + end[path[len - 1]];
        for (int t = 1; t < len; t++) {
            score += (double) transitions[path[t - 1]][path[t]] + emissions[t][path[t]];
        }
        double p = Math.exp(score - logZ);
        return Double.isFinite(p) ? Math.min(1.0, p) : 0.0;
    }
}
