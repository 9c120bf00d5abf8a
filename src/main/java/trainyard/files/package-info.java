/**
 * Reading a file that came from outside, safely: at most a stated number of bytes (so
 * /dev/zero or a 30 MB comment line cannot exhaust the heap), and the reason a read
 * failed in words a user can act on. The bottom of the data flow: every package that
 * reads a user's file (config, data, results) may use it; it uses nothing of ours.
 */
package trainyard.files;
