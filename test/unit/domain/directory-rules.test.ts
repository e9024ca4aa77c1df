import { auditEntry } from '../../../shared/domain/audit';
import {
  checkEntry,
  deletionBlockers,
  losesLastAdmin,
  referenceProblems,
  requirePlanUnusedWhenDisabled,
  requireDeletable,
  slugId,
  uniquenessConflicts,
  withEntry,
} from '../../../shared/domain/directory-rules';
import { DomainError } from '../../../shared/domain/errors';
import type { Agent, Department, HelpTopic } from '../../../shared/domain/model';
import { agent, directory } from '../../support/mothers';

const d = directory();

function codeOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
}

const network: Department = { kind: 'department', id: 'network', name: 'Network Operations', managerId: 'jane', slaPlanId: 'sev-b', autoAssign: false };

describe('references must exist', () => {
  test('a department names an existing manager and SLA plan', () => {
    expect(referenceProblems(network, d)).toEqual([]);
    expect(referenceProblems({ ...network, managerId: 'ghost', slaPlanId: 'sev-z' }, d)).toEqual([
      { path: 'managerId', message: "no agent 'ghost'" },
      { path: 'slaPlanId', message: "no SLA plan 'sev-z'" },
    ]);
  });

  test('a help topic routes to an existing department, plan and agent (or none)', () => {
    const topic: HelpTopic = { kind: 'topic', id: 'vpn', name: 'VPN', public: true, departmentId: 'sysadmin', priority: 'high', slaPlanId: null, autoAssignAgentId: null };
    expect(referenceProblems(topic, d)).toEqual([]);
    expect(referenceProblems({ ...topic, departmentId: 'marketing', autoAssignAgentId: 'ghost' }, d).map((p) => p.path)).toEqual(['departmentId', 'autoAssignAgentId']);
  });

  test("an agent's extended access names other departments, once each, with existing roles", () => {
    const jane = agent(d, 'jane');
    expect(referenceProblems({ ...jane, extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] }, d)).toEqual([]);
    const problems = referenceProblems(
      {
        ...jane,
        extendedAccess: [
          { departmentId: 'sysadmin', roleId: 'expanded' },
          { departmentId: 'support', roleId: 'no-such-role' },
          { departmentId: 'support', roleId: 'limited' },
        ],
      },
      d,
    );
    expect(problems).toEqual([
      { path: 'extendedAccess.0.departmentId', message: 'is the primary department; its role is roleId' },
      { path: 'extendedAccess.1.roleId', message: "no role 'no-such-role'" },
      { path: 'extendedAccess', message: 'each department may appear once' },
    ]);
  });

  test('broken references are bad input (400), not a conflict', () => {
    expect(codeOf(() => checkEntry({ ...network, slaPlanId: 'sev-z' }, d))).toBe('validation_failed');
  });
});

describe('names are unique within their kind', () => {
  test('a second department called "support" (any case) is a conflict', () => {
    expect(uniquenessConflicts({ ...network, name: ' SUPPORT ' }, d)).toEqual(["The name ' SUPPORT ' is already used by department 'support'"]);
    expect(codeOf(() => checkEntry({ ...network, name: 'support' }, d))).toBe('conflict');
  });

  test('renaming an entry to its own name is no conflict', () => {
    const support = d.departments.find((x) => x.id === 'support')!;
    expect(uniquenessConflicts({ ...support, name: 'Support' }, d)).toEqual([]);
  });

  test('the same name in another kind is fine: a role may be called Support', () => {
    expect(uniquenessConflicts({ kind: 'role', id: 'support', name: 'Support', permissions: [] }, d)).toEqual([]);
  });

  test("agents clash on e-mail and on Entra object id, not on their display name", () => {
    const newcomer: Agent = { ...agent(d, 'john'), id: 'john2', email: 'JOHN@example.com' };
    expect(uniquenessConflicts(newcomer, d)).toEqual(['The e-mail address JOHN@example.com is already used by agent John Smith (john)']);
    const linked = withEntry(d, { ...agent(d, 'jane'), entraObjectId: '11111111-1111-1111-1111-111111111111' });
    expect(uniquenessConflicts({ ...newcomer, email: 'john.smith@example.com', entraObjectId: '11111111-1111-1111-1111-111111111111' }, linked)).toEqual([
      'The Entra object id 11111111-1111-1111-1111-111111111111 is already linked to agent Jane Doe (jane)',
    ]);
    expect(uniquenessConflicts({ ...newcomer, email: 'other@example.com' }, d)).toEqual([]);
  });
});

describe('disabled SLA plans', () => {
  const sevA = d.slaPlans.find((p) => p.id === 'sev-a')!;
  const sevC = d.slaPlans.find((p) => p.id === 'sev-c')!;

  test('a plan that a department or topic gives new tickets cannot be disabled', () => {
    expect(() => requirePlanUnusedWhenDisabled(sevA, { ...sevA, active: false }, d)).toThrow(
      'The SLA plan SEV-A is the plan of help topic business-critical-outage; give them another plan before disabling it',
    );
    const unused = withEntry(d, { ...d.topics.find((t) => t.id === 'equipment-request')!, slaPlanId: null });
    expect(() => requirePlanUnusedWhenDisabled(sevC, { ...sevC, active: false }, unused)).not.toThrow();
  });

  test('nor can a department or topic be given a disabled plan', () => {
    const off = withEntry(d, { ...sevC, active: false });
    expect(referenceProblems({ ...network, slaPlanId: 'sev-c' }, off)).toEqual([{ path: 'slaPlanId', message: "SLA plan 'sev-c' is disabled" }]);
  });
});

describe('the default SLA plan', () => {
  const plain = d.slaPlans.find((p) => p.id === 'default')!;
  const sevC = d.slaPlans.find((p) => p.id === 'sev-c')!;
  // SEV-C as the default, and no topic handing it out: only the settings hold on to it.
  const asDefault = withEntry({ ...d, sla: { ...d.sla, defaultPlanId: 'sev-c' } }, { ...d.topics.find((t) => t.id === 'equipment-request')!, slaPlanId: null });

  test('a department may name no plan: its tickets take the default, which must exist', () => {
    expect(referenceProblems({ ...network, slaPlanId: null }, d)).toEqual([]);
    const missing = { ...d, sla: { ...d.sla, defaultPlanId: 'gone' } };
    expect(referenceProblems({ ...network, slaPlanId: null }, missing)).toEqual([
      { path: 'slaPlanId', message: "name a plan: the default SLA plan 'gone' is missing (choose one with PATCH /api/admin/settings/sla)" },
    ]);
    expect(referenceProblems(network, missing)).toEqual([]);
  });

  test('cannot be deleted, and the refusal says to choose another default first', () => {
    expect(deletionBlockers(sevC, asDefault, 0)).toEqual([{ path: 'defaultPlanId', message: 'it is the default plan' }]);
    expect(() => requireDeletable(sevC, asDefault, 0)).toThrow('The SLA plan SEV-C is still in use (it is the default plan); choose another default plan first (PATCH /api/admin/settings/sla)');
    expect(deletionBlockers(sevC, { ...asDefault, sla: { ...asDefault.sla, defaultPlanId: plain.id } }, 0)).toEqual([]);
  });

  test('cannot be disabled', () => {
    expect(() => requirePlanUnusedWhenDisabled(sevC, { ...sevC, active: false }, asDefault)).toThrow(
      'The SLA plan SEV-C is the plan of the SLA settings (it is the default plan); give them another plan before disabling it',
    );
  });
});

describe('the last administrator', () => {
  const admin = agent(d, 'admin');

  test('may not lose the flag, be disabled or be removed while nobody else is an active admin', () => {
    expect(losesLastAdmin(admin, { ...admin, isAdmin: false }, d)).toBe(true);
    expect(losesLastAdmin(admin, { ...admin, active: false }, d)).toBe(true);
    expect(losesLastAdmin(admin, null, d)).toBe(true);
    expect(losesLastAdmin(admin, { ...admin, name: 'Root' }, d)).toBe(false);
  });

  test('may step down once another active admin exists, but a disabled admin does not count', () => {
    const withJane = withEntry(d, { ...agent(d, 'jane'), isAdmin: true });
    expect(losesLastAdmin(admin, { ...admin, isAdmin: false }, withJane)).toBe(false);
    const janeDisabled = withEntry(d, { ...agent(d, 'jane'), isAdmin: true, active: false });
    expect(losesLastAdmin(admin, { ...admin, isAdmin: false }, janeDisabled)).toBe(true);
  });
});

describe('what blocks a deletion', () => {
  const support = d.departments.find((x) => x.id === 'support')!;

  test('a department with agents, topics or tickets stays, and the refusal lists them', () => {
    expect(deletionBlockers(support, d, 3).map((b) => b.path)).toEqual(['tickets', 'agents', 'topics']);
    expect(deletionBlockers(support, d, 3)[0]!.message).toBe('3 tickets refer to it');
    expect(() => requireDeletable(support, d, 0)).toThrow(/The department Support is still in use \(2 agent\(s\) have it as primary department: admin, john; .*move its agents, topics and tickets to another department first/);
  });

  test('extended access alone keeps a department', () => {
    const withNetwork = withEntry(withEntry(d, network), { ...agent(d, 'jane'), extendedAccess: [{ departmentId: 'network', roleId: 'limited' }] });
    expect(deletionBlockers(network, withNetwork, 0)).toEqual([{ path: 'extendedAccess', message: '1 agent(s) have extended access to it: jane' }]);
    expect(deletionBlockers(network, withEntry(d, network), 0)).toEqual([]);
  });

  test('a role held anywhere, a plan in use, a topic with tickets, an agent with duties', () => {
    expect(deletionBlockers(d.roles.find((r) => r.id === 'limited')!, d, 0)).toEqual([{ path: 'agents', message: '1 agent(s) hold it: jane' }]);
    expect(deletionBlockers(d.roles.find((r) => r.id === 'view-only')!, d, 0)).toEqual([]);
    expect(deletionBlockers(d.slaPlans.find((p) => p.id === 'sev-a')!, d, 0).map((b) => b.path)).toEqual(['topics']);
    expect(deletionBlockers(d.slaPlans.find((p) => p.id === 'default')!, d, 0).map((b) => b.path)).toEqual(['departments', 'defaultPlanId']); // also the system default
    expect(deletionBlockers(d.topics.find((t) => t.id === 'other')!, d, 1).map((b) => b.path)).toEqual(['tickets']);
    expect(deletionBlockers(agent(d, 'john'), d, 0).map((b) => b.path)).toEqual(['departments']); // manages Support
    expect(deletionBlockers(agent(d, 'jane'), d, 0)).toEqual([]);
    expect(deletionBlockers(agent(d, 'admin'), d, 0).map((b) => b.path)).toEqual(['departments', 'isAdmin']);
  });

  test('a refusal is a conflict (409) that says what to do instead', () => {
    expect(codeOf(() => requireDeletable(agent(d, 'john'), d, 2))).toBe('conflict');
    expect(() => requireDeletable(agent(d, 'jane'), d, 2)).toThrow(/disable the agent instead \(active: false\)/);
  });
});

describe('ids from names', () => {
  test('readable, lower-case, and unique', () => {
    expect(slugId('Network Operations', new Set(), 'department')).toBe('network-operations');
    expect(slugId('Réseau & Téléphonie', new Set(), 'department')).toBe('reseau-telephonie');
    expect(slugId('Support', new Set(['support', 'support-2']), 'department')).toBe('support-3');
    expect(slugId('***', new Set(), 'role')).toBe('role');
  });
});

describe('audit entries', () => {
  test('name the entity and list the fields that changed', () => {
    const jane = agent(d, 'jane');
    const entry = auditEntry({
      id: 'a1',
      at: '2026-11-24T09:00:00.000Z',
      actor: { type: 'agent', id: 'admin', name: 'Admin' },
      action: 'update',
      before: jane,
      after: { ...jane, roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] },
    });
    expect(entry).toMatchObject({ entityKind: 'agent', entityId: 'jane', changed: ['extendedAccess', 'roleId'] });
  });

  test('a creation changes every field it sets; a deletion keeps the entry as it was', () => {
    const created = auditEntry({ id: 'a2', at: 'now', actor: { type: 'system', id: null, name: 'Bootstrap' }, action: 'create', before: null, after: network });
    expect(created.changed).toEqual(['autoAssign', 'managerId', 'name', 'slaPlanId']);
    const deleted = auditEntry({ id: 'a3', at: 'now', actor: { type: 'system', id: null, name: 'Bootstrap' }, action: 'delete', before: network, after: null });
    expect(deleted).toMatchObject({ entityId: 'network', before: network, after: null });
  });
});
