// Bottleneck's light build (no Redis) is what @octokit/plugin-throttling itself imports; its types are the full build's.
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
