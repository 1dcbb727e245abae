// The bundle's stand-in for @aws-sdk/client-sns: requires the Lambda runtime's copy (see ../bundling.ts).
// The name is a variable so esbuild leaves this require to run, instead of resolving it to this file again.
const runtimePackage = '@aws-sdk/client-sns';
module.exports = require(runtimePackage);
