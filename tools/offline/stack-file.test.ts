import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { offlinePlaceholder, readStackFile } from "./stack-file";

describe("readStackFile", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-")), "Pulumi.test.yaml");

    it("reads each key as a string (objects as JSON) with secure values as marked placeholders", () => {
        fs.writeFileSync(file, "config:\n  p:name: web\n  p:sizes: {min: 1, max: 3}\n  p:token:\n    secure: AAAA\n");
        assert.deepEqual(readStackFile(file), { config: { "p:name": "web", "p:sizes": '{"min":1,"max":3}', "p:token": offlinePlaceholder("p:token") }, secretKeys: ["p:token"] });
    });

    it("reads the file again when its text changed, and hands each caller a copy of its own", () => {
        fs.writeFileSync(file, "config:\n  p:name: web\n");
        const first = readStackFile(file);
        first.config["p:name"] = "changed by a caller";
        first.secretKeys.push("p:name");
        assert.deepEqual(readStackFile(file), { config: { "p:name": "web" }, secretKeys: [] });
        fs.writeFileSync(file, "config:\n  p:name: api\n");
        assert.deepEqual(readStackFile(file), { config: { "p:name": "api" }, secretKeys: [] });
    });
});
