/**
 * Sweeps past one machine: the plan of a sweep's trials by index (plan.json), a Slurm job
 * array that runs them a task each, and a Kubernetes Indexed Job manifest. Every task runs
 * `trainyard trial plan.json --index I`, which trains like a local trial (same run_id,
 * lock, checkpoints and atomic writes) on the shared results folder.
 */
package trainyard.launch;
