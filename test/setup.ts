/**
 * Loaded by mocha before the test files (`.mocharc.json`'s `require`), in each worker process:
 * the runs of an unchanged program are shared within the process (see test/harness.ts).
 */
import { shareProgramRuns } from "../tools/offline/run-program";

shareProgramRuns();
