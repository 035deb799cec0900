/**
 * The registry allow-list as patterns over fully qualified image references ("redis:8" is
 * docker.io/library/redis:8), shared by the pod gate and the Helm chart image gate.
 */
import { parseImage, qualifiedImage } from "./access";

/** The allowedRegistries config as regular expressions; a bad one is a config error naming its index. */
export function registryPatterns(sources: string[]): RegExp[] {
    return sources.map((source, index) => {
        try {
            return new RegExp(source);
        } catch (error) {
            throw new Error(`allowedRegistries[${index}] ${JSON.stringify(source)} is not a regular expression: ${(error as Error).message}`);
        }
    });
}

/** The image's fully qualified reference when no pattern allows it; undefined when one does. */
export function unallowedImage(image: string, patterns: RegExp[]): string | undefined {
    const reference = qualifiedImage(parseImage(image));
    return patterns.some((pattern) => pattern.test(reference)) ? undefined : reference;
}
