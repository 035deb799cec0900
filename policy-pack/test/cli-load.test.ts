import { strict as assert } from "node:assert";
import { startPackLikeCli } from "../../tools/policy/cli-load";

describe("policy pack under the Pulumi CLI's runner", () => {
    it("compiles with the runner's ts-node and serves the analyzer", async function () {
        this.timeout(60_000);
        const port = await startPackLikeCli();
        assert.ok(port > 0 && port < 65536, `port ${port}`);
    });
});
