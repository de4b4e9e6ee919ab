export type { AuthExtensionParam, AuthParam, AuthParamList } from './auth-param-list.ts';
export { DigestParseErrorCode, parseAuthParamList } from './auth-param-list.ts';
export type { DigestChallenge } from './digest-challenge.ts';
export { parseDigestChallenge, serializeChallenge } from './digest-challenge.ts';
export type { DigestCredentials } from './digest-credentials.ts';
export { parseDigestCredentials, serializeCredentials } from './digest-credentials.ts';
export type { DigestAlgorithmName, DigestQop, DigestResponseInput } from './digest-response.ts';
export { computeDigestResponse, toDigestAlgorithm } from './digest-response.ts';
export type {
  DigestChallengeRequest,
  DigestServerOptions,
  DigestVerifyRequest,
  Ha1Lookup,
} from './digest-server.ts';
export { DigestServer } from './digest-server.ts';
export type {
  DigestFailureReason,
  DigestRejection,
  DigestVerifyResult,
} from './digest-verify-result.ts';
export { digestRejection } from './digest-verify-result.ts';
export type {
  DigestAuthorizeRequest,
  DigestChallengeContext,
  DigestClientError,
  DigestClientOptions,
  SelectedChallenge,
} from './digest-client.ts';
export { DigestClient, selectChallenge } from './digest-client.ts';
