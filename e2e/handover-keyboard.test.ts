// The whole Year 6 to Year 7 handover, completed with the keyboard alone against the running demo hub: every
// question of every section is reached with Tab, answered with keys (typing, Space, arrow keys), and the form is
// submitted with Enter. The hub must then hold every answer, and every control must have shown a focus indicator.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { templateFor } from '@c2c/schema';
import { openPage, useDemo } from './harness.js';

const demo = useDemo();

const TEACHER = 'pri-millbrook-teacher';

/** What has keyboard focus, followed through shadow roots: the control and the question (field) it belongs to. */
interface Focused {
  tag: string;
  type: string;
  value: string;
  checked: boolean;
  /** The `name` of the `<c2c-handover-field>` holding the control: `sections.<section>.<question>` or `learner.<…>`. */
  field: string | null;
  /** The control's label, for failure messages. */
  label: string;
  /** The focus indicator drawn: outline or box-shadow, `none` when there is none. */
  indicator: string;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    let field: string | null = null;
    while (a?.shadowRoot?.activeElement) {
      if (a.tagName === 'C2C-HANDOVER-FIELD') field = a.getAttribute('name');
      a = a.shadowRoot.activeElement;
    }
    if (a?.tagName === 'C2C-HANDOVER-FIELD') field = a.getAttribute('name');
    const el = a as HTMLInputElement | null;
    const style = el ? getComputedStyle(el) : null;
    const outline = style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style && style.boxShadow !== 'none';
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      type: el?.type ?? '',
      value: el?.value ?? '',
      checked: !!el?.checked,
      field,
      label: (el?.labels?.[0]?.textContent ?? el?.textContent ?? '').trim().slice(0, 60),
      indicator: outline ? `outline ${style.outlineWidth}` : shadow ? `box-shadow ${style.boxShadow}` : 'none',
    };
  });
}

describe('handover form, keyboard only, against the real hub', () => {
  it('a teacher completes every question of the Year 6 to Year 7 handover and submits it without a mouse', async () => {
    const w = await openPage(demo, '/vendor-portal/');
    try {
      const { page } = w;
      // Signing in and choosing the child are the portal's, not the form's: done the quick way.
      await page.getByLabel('Person').selectOption(TEACHER);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('who').waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Learners' }).click();
      const row = page.locator('tr', { has: page.locator('td', { hasText: /^Y6$/ }) }).nth(1);
      await row.waitFor({ timeout: 15_000 });
      await row.getByRole('link', { name: /Start a handover/ }).click();
      await page.getByLabel('Transition').selectOption('y6-to-y7');
      await page.getByLabel('Receiving school or setting').selectOption('sec-brookfield-academy');
      await page.getByRole('button', { name: 'Start handover' }).click();
      await page.locator('c2c-handover-form').getByRole('heading', { level: 2 }).first().waitFor({ timeout: 20_000 });
      await page.waitForFunction(
        () => document.querySelector('c2c-handover-form')?.getAttribute('aria-busy') !== 'true',
        undefined,
        { timeout: 20_000 },
      );

      // From here on, only keys. Focus starts at the page; Tab walks the whole page until the submit button.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const typed = new Map<string, string>();
      const chosen = new Map<string, string[]>();
      const boxes = new Map<string, number>();
      const noIndicator: string[] = [];
      let submit: Focused | undefined;
      for (let presses = 0; presses < 400 && !submit; presses++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (f.type === 'submit' && /Submit handover/.test(f.label)) {
          submit = f;
          break;
        }
        if (!f.field) continue;
        if (f.indicator === 'none') noIndicator.push(`${f.field} (${f.tag} ${f.type})`);
        // The learner's details came from the hub; a handover adds to them, so they are left as they are.
        if (!f.field.startsWith('sections.')) continue;
        const question = f.field.slice('sections.'.length);
        if (f.tag === 'textarea' || (f.tag === 'input' && f.type === 'text')) {
          if (f.value !== '') continue;
          const text = /attendance-percent$/.test(question) ? '96' : `Typed by keyboard for ${question}.`;
          await page.keyboard.type(text);
          typed.set(question, text);
        } else if (f.type === 'radio') {
          // Tab enters a radio group once; an arrow key moves to and picks the second choice, as people do.
          await page.keyboard.press('ArrowDown');
          const now = await focused(page);
          assert.ok(now.checked, `${question}: ArrowDown did not pick a choice`);
          chosen.set(question, [now.value]);
        } else if (f.type === 'checkbox') {
          // Each box is its own Tab stop: tick every other one with Space.
          const index = (boxes.get(question) ?? 0) + 1;
          boxes.set(question, index);
          if (index % 2 === 1) {
            await page.keyboard.press('Space');
            const now = await focused(page);
            assert.ok(now.checked, `${question}: Space did not tick the box`);
            chosen.set(question, [...(chosen.get(question) ?? []), now.value]);
          }
        }
      }
      assert.ok(submit, 'Tab never reached "Submit handover"');
      assert.deepEqual(noIndicator, [], 'controls that showed no focus indicator');

      const stored = new Promise<string>((resolve) => {
        page.on('response', async (res) => {
          if (res.request().method() === 'POST' && /\/submit$/.test(new URL(res.url()).pathname) && res.ok())
            resolve(new URL(res.url()).pathname);
        });
      });
      await page.keyboard.press('Enter');
      await page
        .getByText(/Handover submitted on/)
        .first()
        .waitFor({ timeout: 20_000 });
      const path = await stored;
      const res = await fetch(`${demo.url}${path.replace(/\/submit$/, '')}`, {
        headers: { authorization: `Bearer demo_${TEACHER}` },
      });
      assert.equal(res.status, 200);
      const handover = (await res.json()) as { status: string; sections: Record<string, Record<string, unknown>> };
      assert.equal(handover.status, 'submitted');

      // Every question the Year 6 to Year 7 template asks was reached by Tab and answered.
      const answered = [...typed.keys(), ...chosen.keys()].sort();
      const asked = templateFor('y6-to-y7').sections.flatMap((s) => s.questions.map((q) => `${s.id}.${q.id}`));
      assert.ok(asked.length > 10, `the template asks ${asked.length} questions`);
      assert.deepEqual(answered, asked.sort());
      for (const [q, text] of typed) {
        const [section, id] = q.split('.') as [string, string];
        const want = id === 'attendance-percent' ? Number(text) : text;
        assert.deepEqual(handover.sections[section]?.[id], want, `${q} as stored by the hub`);
      }
      for (const [q, values] of chosen) {
        const [section, id] = q.split('.') as [string, string];
        const got = handover.sections[section]?.[id];
        // A yes/no question stores a boolean, a tick-box list an array, one choice its value.
        const want = boxes.has(q)
          ? values
          : values[0] === 'yes' || values[0] === 'no'
            ? values[0] === 'yes'
            : values[0];
        assert.deepEqual(got, want, `${q} as stored by the hub`);
      }
      assert.deepEqual(w.problems, [], 'console errors');
    } finally {
      await w.close();
    }
  });
});
