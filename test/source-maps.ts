/**
 * Stack traces of the tests point at TypeScript lines: source maps on for the project's files
 * (the offline loader writes them inline). Node's --enable-source-maps would also read and parse
 * the map file every SDK module names as it loads; their JavaScript positions are enough.
 */
import { setSourceMapsSupport } from "node:module";

setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
