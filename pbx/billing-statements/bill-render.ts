import type { Bill, BillLine } from '../../core/config-store/index.ts';

/** An amount in 1/10 000 units as text with four decimals (spec 01 §0.5). */
export function formatE4(amountE4: number): string {
  const sign = amountE4 < 0 ? '-' : '';
  const abs = Math.abs(amountE4);
  return `${sign}${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, '0')}`;
}

/** Text safe inside HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The bill's lines; a malformed JSON column reads as none. */
export function billLines(bill: Bill): BillLine[] {
  try {
    const parsed: unknown = JSON.parse(bill.linesJson);
    return Array.isArray(parsed) ? (parsed as BillLine[]) : [];
  } catch {
    return [];
  }
}

const TITLES = {
  system: '系统账单 System Bill',
  team: '团队账单 Team Bill',
  user: '用户账单 User Bill',
} as const;

/** The bill's labelled fields in print order (bilingual, as the manual's layout). */
function fields(bill: Bill): [string, string][] {
  return [
    ['姓名 Name', bill.holderName],
    ['账务起始日期 Period Start', bill.periodStart],
    ['账务截止日期 Period End', bill.periodEnd],
    ['账单打印日期 Invoice Date', bill.generatedAt.toISOString().slice(0, 10)],
    ['到期还款日 Payment Due Date', bill.dueDate],
    ['创建人 Creator', bill.creator],
    ['本期应还金额 Current Balance', formatE4(bill.currentBalanceE4)],
    ['上期账单金额 Balance B/F', formatE4(bill.balanceBfE4)],
    ['上期支付金额 Payment', formatE4(bill.paymentE4)],
    ['本期账单金额 New Charges', formatE4(bill.newChargesE4)],
    ['本期调整金额 Adjustment', formatE4(bill.adjustmentE4)],
    ['利息 Interest', formatE4(bill.interestE4)],
    ['月租费 Monthly Fee', formatE4(bill.monthlyFeeE4)],
    [`外呼 DialOut (${bill.dialOutCalls})`, formatE4(bill.dialOutE4)],
    [`呼入 DialIn (${bill.dialInCalls})`, formatE4(bill.dialInE4)],
    ['其他 Other', bill.otherE4 === 0 ? '无' : formatE4(bill.otherE4)],
  ];
}

/** The subject of the bill's e-mail. */
export function billSubject(bill: Bill): string {
  return `${TITLES[bill.level]} ${bill.periodStart} – ${bill.periodEnd}`;
}

/**
 * The HTML e-bill (查看 view and the e-mail's HTML part). Every stored
 * text (names come from admins and users) is escaped.
 */
export function renderBillHtml(bill: Bill): string {
  const rows = fields(bill)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const lines = billLines(bill);
  const lineHead = bill.level === 'system' ? '团队名称 Team Name' : '用户名称 User Name';
  const lineTable =
    lines.length === 0
      ? ''
      : `<table class="lines"><tr><th>${lineHead}</th><th>费用 Credit</th><th>成本 Cost</th></tr>\n` +
        lines
          .map(
            (l) =>
              `<tr><td>${escapeHtml(String(l.name))}</td><td>${formatE4(Number(l.creditE4))}</td>` +
              `<td>${formatE4(Number(l.costE4))}</td></tr>`,
          )
          .join('\n') +
        '</table>';
  return (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8">' +
    `<title>${escapeHtml(billSubject(bill))}</title></head><body>\n` +
    `<h1>${TITLES[bill.level]}</h1>\n` +
    '<p>CurrentBalance = Balance B/F − Payment + New Charges + Adjustment + Interest</p>\n' +
    `<table class="bill">\n${rows}\n</table>\n${lineTable}\n</body></html>\n`
  );
}

/** The plain-text part of the bill's e-mail. */
export function renderBillText(bill: Bill): string {
  const out = [TITLES[bill.level], '', ...fields(bill).map(([l, v]) => `${l}: ${v}`)];
  const lines = billLines(bill);
  if (lines.length > 0) out.push('');
  for (const l of lines) {
    out.push(`${l.name}: ${formatE4(Number(l.creditE4))} / ${formatE4(Number(l.costE4))}`);
  }
  return `${out.join('\n')}\n`;
}
