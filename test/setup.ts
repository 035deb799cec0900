/**
 * Loaded by mocha before the test files (`.mocharc.json`'s `require`), in each worker process:
 * source maps on for the project's files, and the runs of an unchanged program shared within
 * the process (see test/harness.ts).
 */
import "./source-maps"; // first: the modules loaded after it get their source maps
import { shareProgramRuns } from "../tools/offline/run-program";

shareProgramRuns();
