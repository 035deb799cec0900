import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountWithoutImages, imageNotFound, registrationsOf } from "../../test/harness";
import { valueOf } from "../../test/outputs";
import { ecrRepositoryUrl, missingImageMessage, pushedImageRepositoryUrl } from "./pushed-image";

const DIGEST = `sha256:${"0".repeat(64)}`;
const GATEWAY = { configPath: "signal-trading:services.gateway.image", repositoryName: "signal-trading-prod/gateway" };

/** What an Output settles to: its value, or the error it was rejected with. */
function settled<T>(output: pulumi.Output<T>): Promise<{ value?: T; error?: unknown }> {
    return (output as unknown as { promise(): Promise<T> }).promise().then((value) => ({ value }), (error: unknown) => ({ error }));
}

describe("ecrRepositoryUrl", () => {
    it("names the registry host of the account, region and partition, then the repository", () => {
        assert.equal(ecrRepositoryUrl({ registryId: "123456789012", region: "us-east-1", dnsSuffix: "amazonaws.com" }, "signal-trading-prod/gateway"),
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-prod/gateway");
        assert.equal(ecrRepositoryUrl({ registryId: "123456789012", region: "cn-north-1", dnsSuffix: "amazonaws.com.cn" }, "signal-trading-prod/gateway"),
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/signal-trading-prod/gateway");
    });
});

describe("missingImageMessage", () => {
    it("names the digest's config key when a digest is pinned, and says to push the image and set the digest", () => {
        assert.equal(missingImageMessage({ ...GATEWAY, image: { tag: "1.0.0", digest: DIGEST } }, "ImageNotFoundException: gone\n\n"),
            `signal-trading:services.gateway.image.digest: ${DIGEST} is not in ECR repository signal-trading-prod/gateway (push it, then set the digest) — ImageNotFoundException: gone`);
    });

    it("names the tag's config key when no digest is pinned, on one line", () => {
        assert.equal(missingImageMessage({ configPath: "signal-trading:services.ml.image", repositoryName: "signal-trading-dev/ml", image: { tag: "1.0.0" } }, "1 error occurred:\n\t* ImageNotFoundException: gone"),
            "signal-trading:services.ml.image.tag: 1.0.0 is not in ECR repository signal-trading-dev/ml (push it with this tag) — 1 error occurred: * ImageNotFoundException: gone");
    });
});

describe("pushedImageRepositoryUrl", () => {
    it("looks a pinned image up by its digest alone, through the given provider, and resolves to its repository's URL", async () => {
        let url!: pulumi.Output<string>;
        const r = await registrationsOf(() => {
            const provider = new aws.Provider("home", { region: "us-east-2" });
            url = pushedImageRepositoryUrl({ ...GATEWAY, image: { tag: "1.0.0", digest: DIGEST } }, { provider });
        });
        assert.deepEqual(r.invoked("aws:ecr/getImage:getImage"), [{ repositoryName: "signal-trading-prod/gateway", imageDigest: DIGEST }]);
        const provider = r.one("pulumi:providers:aws", "home");
        assert.ok(r.invokes.filter((i) => i.token === "aws:ecr/getImage:getImage").every((i) => i.provider?.startsWith(`${provider.urn}::`)));
        assert.equal(await valueOf(url), "123456789012.dkr.ecr.us-east-2.amazonaws.com/signal-trading-prod/gateway");
    });

    it("looks an image without a digest up by its tag", async () => {
        let url!: pulumi.Output<string>;
        const r = await registrationsOf(() => {
            url = pushedImageRepositoryUrl({ configPath: "signal-trading:services.ml.image", repositoryName: "signal-trading-dev/ml", image: { tag: "1.2.3" } }, {});
        });
        assert.deepEqual(r.invoked("aws:ecr/getImage:getImage"), [{ repositoryName: "signal-trading-dev/ml", imageTag: "1.2.3" }]);
        assert.equal(await valueOf(url), "123456789012.dkr.ecr.us-east-1.amazonaws.com/signal-trading-dev/ml");
    });

    it("fails with a RunError naming the config key and carrying ECR's answer when the image is not there", async () => {
        let url!: pulumi.Output<string>;
        await registrationsOf(() => {
            url = pushedImageRepositoryUrl({ ...GATEWAY, image: { tag: "1.0.0", digest: DIGEST } }, {});
        }, "test", new AccountWithoutImages("signal-trading-prod/gateway"));
        const { error } = await settled(url);
        assert.ok(pulumi.RunError.isInstance(error), "the CLI would print a stack trace");
        const ecr = imageNotFound({ repositoryName: "signal-trading-prod/gateway", imageDigest: DIGEST }).replace(/\s+/g, " ").trim();
        assert.equal((error as Error).message,
            `signal-trading:services.gateway.image.digest: ${DIGEST} is not in ECR repository signal-trading-prod/gateway (push it, then set the digest) — ${ecr}`);
        assert.match((error as Error).message, / — invocation of aws:ecr\/getImage:getImage returned an error: .* ImageNotFoundException: The image with imageId \{imageDigest:'sha256:0{64}', imageTag:'null'\} does not exist within the repository with name 'signal-trading-prod\/gateway'/);
    });
});
