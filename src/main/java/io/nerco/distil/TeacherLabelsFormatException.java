package io.nerco.distil;

import java.io.IOException;
import java.nio.file.Path;

/** A teacher-labels file that cannot be read, with the file and line at fault. */
public final class TeacherLabelsFormatException extends IOException {
    public TeacherLabelsFormatException(Path file, long line, String reason) {
        super(file + ":" + line + ": " + reason);
    }
}
