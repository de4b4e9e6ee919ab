/**
 * The layering of ../shared/STYLE.md §2, checked in CI. Paths are relative to
 * the directory depcruise runs in, so test/fixtures/layering can reuse the
 * same rules on a miniature tree.
 */
const path = require('node:path'); // eslint-disable-line @typescript-eslint/no-require-imports
const TOP = '(core|signaling|media|pbx|dahdi-bridge|admin-api|native)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles are errors (STYLE §2).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-no-other-folder',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(signaling|media|pbx|dahdi-bridge|admin-api|app\\.ts|main\\.ts)' },
    },
    {
      name: 'signaling-imports-only-core',
      severity: 'error',
      from: { path: '^signaling/' },
      to: { path: '^(media|pbx|dahdi-bridge|admin-api|app\\.ts|main\\.ts)' },
    },
    {
      name: 'media-imports-only-core',
      severity: 'error',
      from: { path: '^media/' },
      to: { path: '^(signaling|pbx|dahdi-bridge|admin-api|app\\.ts|main\\.ts)' },
    },
    {
      name: 'pbx-imports-only-core',
      severity: 'error',
      from: { path: '^pbx/' },
      to: { path: '^(signaling|media|dahdi-bridge|admin-api|app\\.ts|main\\.ts)' },
    },
    {
      name: 'dahdi-bridge-imports-core-and-media',
      severity: 'error',
      from: { path: '^dahdi-bridge/' },
      to: { path: '^(signaling|pbx|admin-api|app\\.ts|main\\.ts)' },
    },
    {
      name: 'admin-api-imports-only-core',
      severity: 'error',
      from: { path: '^admin-api/' },
      to: { path: '^(signaling|media|pbx|dahdi-bridge|app\\.ts|main\\.ts)' },
    },
    {
      name: 'only-main-and-integration-tests-import-app',
      severity: 'error',
      from: { pathNot: '^(main\\.ts|test/integration/|test/interop/|test/helpers/|benchmarks/)' },
      to: { path: '^app\\.ts$' },
    },
    {
      name: 'signaling-message-is-the-bottom',
      severity: 'error',
      comment: 'message ← transport ← transaction ← dialog ← user-agent ← registrar/proxy/b2bua.',
      from: { path: '^signaling/message/' },
      to: { path: '^signaling/(transport|transaction|dialog|user-agent|registrar|proxy|b2bua)/' },
    },
    {
      name: 'signaling-transport-below-transaction',
      severity: 'error',
      from: { path: '^signaling/transport/' },
      to: { path: '^signaling/(transaction|dialog|user-agent|registrar|proxy|b2bua)/' },
    },
    {
      name: 'signaling-transaction-below-dialog',
      severity: 'error',
      from: { path: '^signaling/transaction/' },
      to: { path: '^signaling/(dialog|user-agent|registrar|proxy|b2bua)/' },
    },
    {
      name: 'signaling-dialog-below-user-agent',
      severity: 'error',
      from: { path: '^signaling/dialog/' },
      to: { path: '^signaling/(user-agent|registrar|proxy|b2bua)/' },
    },
    {
      name: 'signaling-user-agent-below-its-users',
      severity: 'error',
      from: { path: '^signaling/user-agent/' },
      to: { path: '^signaling/(registrar|proxy|b2bua)/' },
    },
    {
      name: 'media-pure-codecs-do-no-io',
      severity: 'error',
      comment: 'rtp/ and codecs/ are pure code; only endpoint/ opens sockets (STYLE §2).',
      from: { path: '^media/(rtp|codecs|sdp)/' },
      to: { dependencyTypes: ['core'], path: '^(dgram|net|tls|fs|http|https|child_process)$' },
    },
    {
      name: 'no-deep-imports-across-folders',
      severity: 'error',
      comment: "A folder's public surface is its index.ts (STYLE §2).",
      from: { path: `^${TOP}/` },
      to: {
        path: `^${TOP}/`,
        pathNot: [`^${TOP}/index\\.ts$`, `^${TOP}/[a-z-]+/index\\.ts$`, '^$1/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
