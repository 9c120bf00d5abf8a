/**
 * What a run leaves behind: result.json (its schema, run ids, atomic writes) under
 * results/NAME/RUN_ID/. Readers (the report, resumed sweeps) use these files, never live objects.
 */
package trainyard.results;
