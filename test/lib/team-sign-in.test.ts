import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { httpRoutes } from '../../functions/handlers/routes.ts';
import {
  environmentOf,
  logicalIdOf,
  onlyResource,
  resolveCrossStack,
  resourcesOf,
  synthSundown,
} from './sundown-templates.ts';

describe('team sign-in', () => {
  // Prepare: one protected and one disposable synthesis shared by every test in this file.
  const prod = synthSundown({ stage: 'prod' });
  const disposable = synthSundown({ stage: 'dev', protect: false });
  const signIn = prod.stacks.state.signIn;

  it('keeps a Cognito user pool in the stateful stack that only an admin adds people to', () => {
    prod.state.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
      MfaConfiguration: 'ON',
    });
    expect(resourcesOf(prod.service, 'AWS::Cognito::UserPool')).toEqual([]);
    expect(onlyResource(prod.state, 'AWS::Cognito::UserPool').DeletionPolicy).toBe('Retain');
    expect(onlyResource(disposable.state, 'AWS::Cognito::UserPool').DeletionPolicy).toBe('Delete');
  });

  it('has the agents and admins groups, a hosted sign-in domain and a code-flow client back to the console', () => {
    const groups = resourcesOf(prod.state, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admins', 'agents']);
    prod.state.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    prod.state.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email']),
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
    expect(JSON.stringify(onlyResource(prod.state, 'AWS::Cognito::UserPoolClient').Properties.CallbackURLs)).toContain(
      'console',
    );
  });

  it('checks the team token with a JWT authorizer trusting the pool as issuer and the console client as audience', () => {
    // The authorizer belongs to the API, so CDK puts it beside the API in the stateful stack.
    const authorizer = onlyResource(prod.state, 'AWS::ApiGatewayV2::Authorizer').Properties;
    expect(authorizer.AuthorizerType).toBe('JWT');
    const { Audience, Issuer } = authorizer.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(Audience).toEqual([{ Ref: logicalIdOf(signIn.client) }]);
    expect(JSON.stringify(Issuer)).toContain(logicalIdOf(signIn.userPool));
  });

  it('puts the authorizer on every /cases route and leaves signed one-click links open to their tokens', () => {
    const authorizerId = resourcesOf(prod.state, 'AWS::ApiGatewayV2::Authorizer')[0]?.[0] ?? '';
    const routes = Object.fromEntries(
      resourcesOf(prod.service, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]),
    );
    const casesApi = httpRoutes()
      .filter((r) => r.function === 'cases')
      .map((r) => `${r.method} ${r.path}`);
    expect(casesApi).toContain('GET /cases');
    for (const key of casesApi) {
      expect(routes[key]?.AuthorizationType).toBe('JWT');
      expect(JSON.stringify(resolveCrossStack(routes[key]?.AuthorizerId, prod.state))).toContain(authorizerId);
    }
    for (const key of ['GET /cases/{id}/view', 'GET /cases/{id}/ack', 'POST /cases/{id}/actions/{action}']) {
      expect(routes[key]?.AuthorizationType).toBe('NONE');
    }
  });

  it('puts the authorizer on every console API route, leaves only the static console page open, and outputs its URL', () => {
    const authorizerId = resourcesOf(prod.state, 'AWS::ApiGatewayV2::Authorizer')[0]?.[0] ?? '';
    const routes = Object.fromEntries(
      resourcesOf(prod.service, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]),
    );
    const consoleApi = Object.keys(routes).filter((key) => key.includes(' /console/'));

    expect(consoleApi.sort()).toEqual([
      'GET /console/cases',
      'POST /console/cases/{id}/acknowledge',
      'POST /console/cases/{id}/assign',
      'POST /console/cases/{id}/unsuppress',
    ]);
    for (const key of consoleApi) {
      expect(routes[key]?.AuthorizationType).toBe('JWT');
      expect(JSON.stringify(resolveCrossStack(routes[key]?.AuthorizerId, prod.state))).toContain(authorizerId);
    }
    expect(routes['GET /console']?.AuthorizationType).toBe('NONE');
    const outputs = prod.service.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.ConsoleUrl?.Value)).toContain('/console');
  });

  it('tells the console function where the hosted sign-in is and which client it signs in as', () => {
    const variables = environmentOf(prod.service, logicalIdOf(prod.stacks.service.consoleApi));

    expect(JSON.stringify(resolveCrossStack(variables.CONSOLE_CLIENT_ID, prod.state))).toContain(
      logicalIdOf(signIn.client),
    );
    expect(JSON.stringify(resolveCrossStack(variables.CONSOLE_SIGN_IN_URL, prod.state))).toContain('amazoncognito.com');
  });
});
