/**
 * npm run promote -- --stack <dev|prod> --service <name> --tag <tag> --digest sha256:<64 hex> [--file <stack file>]
 *
 * Pins a service's image in a stack file (`services.<name>.image.tag` and `.digest` of
 * Pulumi.<stack>.yaml): what the image-promotion workflow commits in its pull request. The file
 * is edited as a YAML document, so its comments and layout survive. Every bad argument is
 * reported at once, before the file is touched.
 *
 * Exit codes: 0 the file was written; 2 invalid arguments or a stack file without that service.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { Document, isMap, parseDocument, Scalar } from "yaml";
import { SERVICES } from "../../stacks/services";
import { PLATFORM_PROJECT, projectStackFile } from "../offline/run-program";

const USAGE = "usage: npm run promote -- --stack <dev|prod> --service <name> --tag <tag> --digest sha256:<64 hex> [--file <stack file>]";
const SERVICES_KEY = "signal-trading:services";
// Docker's reference grammar for a tag.
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export class PromotionError extends Error {}

export interface Promotion {
    stack: string;
    service: string;
    tag: string;
    digest: string;
    /** The stack file to edit; Pulumi.<stack>.yaml of the platform by default. */
    file?: string;
}

/** Every problem with the arguments, each naming its flag. */
export function validatePromotion(args: Partial<Promotion>): string[] {
    const problems: string[] = [];
    const known = SERVICES.map((s) => s.name);
    if (!args.stack) problems.push("--stack is required");
    else if (!/^[\w.-]+$/.test(args.stack)) problems.push(`--stack "${args.stack}" is not a stack name`);
    if (!args.service) problems.push("--service is required");
    else if (!known.includes(args.service as (typeof known)[number])) problems.push(`--service "${args.service}" is not a service of this platform (${known.join(", ")})`);
    if (!args.tag) problems.push("--tag is required");
    else if (!TAG.test(args.tag)) problems.push(`--tag "${args.tag}" is not an image tag (letters, digits, _ . -, at most 128, not starting with . or -)`);
    if (!args.digest) problems.push("--digest is required");
    else if (!DIGEST.test(args.digest)) problems.push(`--digest "${args.digest}" is not a sha256 digest (sha256: and 64 lowercase hex digits)`);
    return problems;
}

function quoted(value: string): Scalar {
    // Quoted like the values around it, and so a tag such as 1.10 stays a string.
    const scalar = new Scalar(value);
    scalar.type = Scalar.QUOTE_DOUBLE;
    return scalar;
}

/**
 * The stack file's text with the service's image pinned to the tag and digest. Only the image's
 * flow map (`image: { tag: ..., digest: ... }`, as the stack files write it) is rewritten: the
 * rest of the file, comments and spacing included, stays byte for byte.
 */
export function promoteInText(text: string, file: string, promotion: Promotion): string {
    const document = parseDocument(text);
    if (document.errors.length > 0) throw new PromotionError(`${file} is not valid YAML: ${document.errors[0].message}`);
    const where = `${SERVICES_KEY}.${promotion.service}.image`;
    const image = document.getIn(["config", SERVICES_KEY, promotion.service, "image"]);
    if (!isMap(image)) throw new PromotionError(`${file} has no ${where} to pin: add the service's block first (docs/services.md)`);
    if (!image.flow || !image.range) throw new PromotionError(`${file}: ${where} must be written as a flow map ({ tag: ..., digest: ... }) to be pinned`);
    image.set("tag", quoted(promotion.tag));
    image.set("digest", quoted(promotion.digest));
    const rendered = new Document(image).toString({ flowCollectionPadding: true, lineWidth: 0 }).trimEnd();
    return `${text.slice(0, image.range[0])}${rendered}${text.slice(image.range[1])}`;
}

export function promote(promotion: Promotion): string {
    const file = promotion.file ?? projectStackFile(PLATFORM_PROJECT, promotion.stack);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new PromotionError(`cannot read stack file ${file}: ${(error as Error).message}`);
    }
    fs.writeFileSync(file, promoteInText(text, file, promotion));
    return file;
}

export function main(argv: string[]): number {
    let values: Partial<Promotion>;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, service: { type: "string" }, tag: { type: "string" }, digest: { type: "string" }, file: { type: "string" } },
            strict: true,
            allowPositionals: false,
        }));
    } catch (error) {
        console.error(`error: ${(error as Error).message}\n${USAGE}`);
        return 2;
    }
    const problems = validatePromotion(values);
    if (problems.length > 0) {
        console.error(`${problems.map((p) => `error: ${p}`).join("\n")}\n${USAGE}`);
        return 2;
    }
    const promotion = values as Promotion;
    try {
        const file = promote(promotion);
        console.log(`${file}: services.${promotion.service}.image = ${promotion.tag}@${promotion.digest}`);
        return 0;
    } catch (error) {
        if (!(error instanceof PromotionError)) throw error;
        console.error(`error: ${error.message}`);
        return 2;
    }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
