// RFC 9457 problem+json parsing for the site's API clients: `parseProblem` turns an error response
// into ProblemDetails, `ApiProblem` carries it (with `kind`, the last segment of the `type` URI).
//
// The implementation currently lives in ../verify/api.ts, written for the verify page while it is
// being built. This module is the stable import path for every other page: when the implementation
// moves here, only this file and the verify page's imports change.
export { ApiProblem, NETWORK_PROBLEM, UNEXPECTED_PROBLEM, parseProblem, problemKind, type ProblemDetails } from '../verify/api';
