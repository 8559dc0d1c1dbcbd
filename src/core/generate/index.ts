export { generateTenantIsolation, validateTenantIsolation, isNamespaceName } from './tenantIsolation.ts';
export type { TenantIsolationInput, TenantSpec } from './tenantIsolation.ts';
export { generateTemplate, templateDescription, TEMPLATES } from './templates.ts';
export type { TemplateDescription, TemplateId, TemplateInput } from './templates.ts';
export { parsePortList } from './peers.ts';
