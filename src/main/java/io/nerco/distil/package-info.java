/**
 * Knowledge distillation: a teacher bundle's word emissions over the sentences a student
 * trains on ({@link io.nerco.distil.TeacherLabels}, written by {@code nerco distil-labels}), and
 * the teacher's CRF posterior over them ({@link io.nerco.distil.CrfPosterior}), which the
 * trainer mixes into the student's CRF loss. Plain Java: no training engine, no Kafka.
 */
package io.nerco.distil;
