import { canSee, hasPermission, requirePermission, visibleDepartmentIds } from '../../../shared/domain/access';
import { DEPARTMENT_PERMISSIONS } from '../../../shared/domain/model';
import { agent, directory } from '../../support/mothers';

describe('department access and roles', () => {
  const d = directory();

  test('an agent sees their primary department and nothing else by default', () => {
    const jane = agent(d, 'jane');
    expect(visibleDepartmentIds(jane, d)).toEqual(['sysadmin']);
    expect(canSee(jane, 'support', d)).toBe(false);
  });

  test('extended access adds a department with its own role', () => {
    const jane = { ...agent(d, 'jane'), extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] };
    expect(visibleDepartmentIds(jane, d)).toEqual(['sysadmin', 'support']);
    expect(hasPermission(jane, 'support', 'ticket.close', d)).toBe(true);
    expect(hasPermission(jane, 'sysadmin', 'ticket.close', d)).toBe(false); // limited role at home
  });

  test.each(DEPARTMENT_PERMISSIONS.map((p) => [p]))('%s follows the role: all access has it, view only does not', (permission) => {
    const base = agent(d, 'john');
    expect(hasPermission({ ...base, roleId: 'all-access' }, 'support', permission, d)).toBe(true);
    expect(hasPermission({ ...base, roleId: 'view-only' }, 'support', permission, d)).toBe(false);
    expect(hasPermission({ ...base, roleId: 'all-access' }, 'sysadmin', permission, d)).toBe(false);
  });

  test('a disabled agent sees nothing and may do nothing', () => {
    const john = { ...agent(d, 'john'), active: false };
    expect(visibleDepartmentIds(john, d)).toEqual([]);
    expect(hasPermission(john, 'support', 'ticket.reply', d)).toBe(false);
  });

  test('refusals say who lacks what, where', () => {
    expect(() => requirePermission(agent(d, 'jane'), 'sysadmin', 'ticket.close', d)).toThrow(
      "Jane Doe's role in System Administrators lacks the ticket.close permission",
    );
    expect(() => requirePermission(agent(d, 'jane'), 'support', 'ticket.reply', d)).toThrow('Jane Doe has no access to the Support department');
  });
});
