/**
 * Every platform Sundown receives webhooks from, listed once. The receiver, the route table,
 * `sundown replay`, `setup` and `doctor`, the development secrets and the CDK platform secret all
 * read this list (through derived.ts): adding a platform is its folder and one line here.
 */
import { inboundPlatform } from './inbound/index.ts';
import { metaPlatform } from './meta/index.ts';
import type { PlatformModule } from './platform.ts';
import { xPlatform } from './x/index.ts';

export const PLATFORMS: readonly PlatformModule[] = [xPlatform, metaPlatform, inboundPlatform];
