import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { main, promoteInText } from "./promote";
import { stackFilePath } from "../plan/plan";
import { captureConsole } from "../../test/console";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("image promotion", () => {
    for (const stack of ["dev", "prod"]) {
        it(`pins a service's tag and digest in Pulumi.${stack}.yaml and leaves every other line as it was`, () => {
            const before = fs.readFileSync(stackFilePath(stack), "utf8");
            const after = promoteInText(before, stackFilePath(stack), { stack, service: "signal", tag: "1.10", digest: DIGEST });
            const [old, updated] = [before.split("\n"), after.split("\n")];
            assert.equal(updated.length, old.length);
            const changed = updated.flatMap((line, i) => (line === old[i] ? [] : [[old[i], line]]));
            assert.equal(changed.length, 1);
            assert.match(changed[0][0], /^ {6}image: \{ tag: "1\.0\.0"(, digest: "sha256:0{64}")? \}$/);
            assert.equal(changed[0][1], `      image: { tag: "1.10", digest: "${DIGEST}" }`);
            // A quoted tag stays a string: 1.10 is not the number 1.1.
            assert.deepEqual(parse(after).config["signal-trading:services"].signal.image, { tag: "1.10", digest: DIGEST });
        });
    }

    it("writes the stack file named by --file and says what it pinned", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "promote-")), "Pulumi.dev.yaml");
        fs.copyFileSync(stackFilePath("dev"), file);
        const result = await captureConsole(() => main(["--stack", "dev", "--service", "gateway", "--tag", "1.2.0", "--digest", DIGEST, "--file", file]));
        assert.deepEqual([result.code, result.stdout], [0, `${file}: services.gateway.image = 1.2.0@${DIGEST}`]);
        assert.deepEqual(parse(fs.readFileSync(file, "utf8")).config["signal-trading:services"].gateway.image, { tag: "1.2.0", digest: DIGEST });
    });

    it("refuses an unknown service, a bad tag and a digest that is not sha256, all at once, before touching the file", async () => {
        const result = await captureConsole(() => main(["--stack", "dev", "--service", "billing", "--tag", ".hidden", "--digest", "sha256:ABC"]));
        assert.equal(result.code, 2);
        assert.deepEqual(result.stderr.split("\n").slice(0, 3), [
            'error: --service "billing" is not a service of this platform (gateway, data, signal, ml)',
            'error: --tag ".hidden" is not an image tag (letters, digits, _ . -, at most 128, not starting with . or -)',
            'error: --digest "sha256:ABC" is not a sha256 digest (sha256: and 64 lowercase hex digits)',
        ]);
        const missing = await captureConsole(() => main(["--service", "gateway"]));
        assert.deepEqual(missing.stderr.split("\n").slice(0, 3), ["error: --stack is required", "error: --tag is required", "error: --digest is required"]);
    });

    it("refuses a stack file without the service's image block, or with the image written as a block map", () => {
        const promotion = { stack: "dev", service: "ml", tag: "1.0.1", digest: DIGEST };
        assert.throws(() => promoteInText("config:\n  signal-trading:services:\n    gateway:\n      image: { tag: \"1\" }\n", "f.yaml", promotion),
            { message: "f.yaml has no signal-trading:services.ml.image to pin: add the service's block first (docs/services.md)" });
        assert.throws(() => promoteInText("config:\n  signal-trading:services:\n    ml:\n      image:\n        tag: \"1\"\n", "f.yaml", promotion),
            { message: "f.yaml: signal-trading:services.ml.image must be written as a flow map ({ tag: ..., digest: ... }) to be pinned" });
    });
});
