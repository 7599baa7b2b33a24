/** The {@code nerco} command line. Nothing imports this package. */
package io.nerco.cli;
