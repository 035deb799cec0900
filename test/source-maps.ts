/**
 * Stack traces of the tests point at TypeScript lines: source maps on for the project's files
 * (the offline loader writes them inline). Node's --enable-source-maps would also read and parse
 * the map file every SDK module names as it loads; their JavaScript positions are enough.
 * Node before 22.14 has no switch for the project's files alone, and maps every file.
 */
import * as nodeModule from "node:module";

const { setSourceMapsSupport } = nodeModule as Partial<typeof nodeModule>;
if (setSourceMapsSupport) setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
else process.setSourceMapsEnabled(true);
