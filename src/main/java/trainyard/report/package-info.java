/**
 * The HTML report: one self-contained file (inline CSS, JavaScript and SVG, no network)
 * comparing runs, built from the result files on disk, never from live objects.
 */
package trainyard.report;
