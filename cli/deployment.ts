/**
 * The public URLs of a stack, by route: on AWS from the outputs the service stack declares
 * (lib/public-endpoints.ts names them), locally from the local stack's own URL.
 */
import type { SundownConfig } from '../functions/config/schema.ts';
import { httpRoutes } from '../functions/handlers/routes.ts';
import { type PublicEndpoint, publicEndpoints, urlOf } from '../lib/public-endpoints.ts';
import { CliError } from './output.ts';

export interface EndpointUrl extends PublicEndpoint {
  readonly url: string;
}

export interface StackUrls {
  /** Where platforms and people reach the stack, ending in `/`. */
  readonly publicUrl: string;
  readonly endpoints: readonly EndpointUrl[];
}

const endpointsOf = (config: SundownConfig) => publicEndpoints(httpRoutes(), Object.keys(config.inboundSources));

/** Names the output an older deployment lacks. */
export const urlsFromOutputs = (
  stage: string,
  config: SundownConfig,
  outputs: Readonly<Record<string, string>>,
): StackUrls => {
  const need = (name: string): string => {
    const value = outputs[name];
    if (!value) {
      throw new CliError(
        `stack output ${name} is missing from Sundown-${stage}-Service: deploy with this config (npx cdk deploy --all -c stage=${stage})`,
      );
    }
    return value;
  };
  return {
    publicUrl: need('PublicUrl'),
    endpoints: endpointsOf(config).map((endpoint) => ({ ...endpoint, url: need(endpoint.outputName) })),
  };
};

export const urlsFromBase = (baseUrl: string, config: SundownConfig): StackUrls => ({
  publicUrl: urlOf(baseUrl, '/'),
  endpoints: endpointsOf(config).map((endpoint) => ({ ...endpoint, url: urlOf(baseUrl, endpoint.path) })),
});

/** The URL of a route path (as the route table writes it), or undefined when the stack serves none. */
export const urlOfPath = (urls: StackUrls, path: string): string | undefined =>
  urls.endpoints.find((endpoint) => endpoint.path === path)?.url;
