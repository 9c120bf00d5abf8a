/**
 * Running trials: one trial end to end with a lock that a crashed owner cannot leave
 * behind, and the sweep executor that runs many in parallel on one shared dataset,
 * resumes after a crash and never trains a finished trial again.
 */
package trainyard.sweep;
