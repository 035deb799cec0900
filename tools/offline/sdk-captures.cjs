/**
 * The stack captures of the SDK that only the engine or a leak report would read: the source
 * position of each registration (Resource.callsites, which the mock engine ignores) and the
 * context of each promise (debuggablePromise, printed only for a promise leaked at exit).
 * Resource.callsites lifts Error.stackTraceLimit for its capture, so a limit of 0 does not
 * spare it; with source maps on, formatting and mapping its frames costs a tenth of a run.
 * `skippingSdkCaptures(format)` is a prepareStackTrace that gives those captures no text and
 * formats every other stack trace with `format`.
 */
"use strict";
const path = require("node:path");

const SDK_CAPTURES = new Set(["callsites", "debuggablePromise"]);
const SDK_FOLDER = `${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

function isSdkCapture(frames) {
    return frames.length > 0 && SDK_CAPTURES.has(frames[0].getFunctionName()) && (frames[0].getFileName()?.includes(SDK_FOLDER) ?? false);
}

function skippingSdkCaptures(format) {
    return (error, frames) => (isSdkCapture(frames) ? "Error" : format(error, frames));
}

module.exports = { skippingSdkCaptures };
