import { describe, expect, test } from 'vitest';
import { PERMISSION_PAGES } from '../../core/config-store/index.ts';
import { routePermission } from './auth-access.ts';

describe('routePermission() (PRM-2)', () => {
  test.each([
    ['GET', '/api/v1/extensions', { page: 'extensions', action: 'view' }],
    ['GET', '/api/v1/extensions/:id', { page: 'extensions', action: 'view' }],
    ['POST', '/api/v1/extensions', { page: 'extensions', action: 'add' }],
    ['POST', '/api/v1/extensions/bulk', { page: 'extensions', action: 'add' }],
    ['PATCH', '/api/v1/roles/:id', { page: 'roles', action: 'edit' }],
    ['PUT', '/api/v1/accounts/:id/role', { page: 'accounts', action: 'edit' }],
    ['DELETE', '/api/v1/calls/:id', { page: 'calls', action: 'delete' }],
    ['GET', '/api/v1/sip/bans', { page: 'sip-security', action: 'view' }],
    ['POST', '/api/v1/boards/reload', { page: 'boards', action: 'edit' }],
    ['GET', '/api/v1/cdrs/export', { page: 'cdrs', action: 'export' }],
    ['GET', '/api/v1/auth/me', 'self'],
    ['POST', '/api/v1/api-keys', 'self'],
    ['GET', '/health', undefined],
    ['OPTIONS', '/api/v1/extensions', undefined],
  ])('routePermission(%s %s) → %j', (method, url, expected) => {
    expect(routePermission(method, url)).toEqual(expected);
  });

  test('every catalogue page is reachable from its own path segment', () => {
    for (const page of PERMISSION_PAGES) {
      const segment = page.key === 'sip-security' ? 'sip' : page.key;
      expect(routePermission('GET', `/api/v1/${segment}`)).toEqual({
        page: page.key,
        action: 'view',
      });
    }
  });
});
