/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
/**
 * Exact Jalali (Solar Hijri) <-> Gregorian conversion, pure functions.
 *
 * The arithmetic is the well-known jalaali-js algorithm (Borkowski's
 * 2820-year-free method with the table of 33-year cycle breaks), valid for
 * Jalali years -61 to 3177: no luxon, no Intl, no session here, so that it can
 * be tested on its own.
 */

const BREAKS = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/** Persian month names, in Persian (used in the server's group-by labels too). */
export const JALALI_MONTH_NAMES_FA = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

/** The same month names, transliterated, for non-Persian users. */
export const JALALI_MONTH_NAMES_LATIN = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
];

function div(a, b) {
    return Math.trunc(a / b);
}

function mod(a, b) {
    return a - Math.trunc(a / b) * b;
}

/**
 * @param {number} jy Jalali year
 * @returns {{leap: number, gy: number, march: number}} leap: 0 when jy is a
 *  leap year; gy: the Gregorian year in which jy begins; march: the day of
 *  March of that year on which 1 Farvardin falls.
 */
function jalCal(jy) {
    const count = BREAKS.length;
    const gy = jy + 621;
    let leapJ = -14;
    let jp = BREAKS[0];
    let jump = 0;
    if (!Number.isInteger(jy) || jy < jp || jy >= BREAKS[count - 1]) {
        throw new RangeError(`Invalid Jalali year ${jy}`);
    }
    for (let i = 1; i < count; i++) {
        const jm = BREAKS[i];
        jump = jm - jp;
        if (jy < jm) {
            break;
        }
        leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
        jp = jm;
    }
    let n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) {
        leapJ += 1;
    }
    const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    const march = 20 + leapJ - leapG;
    if (jump - n < 6) {
        n = n - jump + div(jump + 4, 33) * 33;
    }
    let leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) {
        leap = 4;
    }
    return { leap, gy, march };
}

/** Julian Day Number of a Gregorian date. */
function g2d(gy, gm, gd) {
    const d =
        div((gy + div(gm - 8, 6) + 100100) * 1461, 4) +
        div(153 * mod(gm + 9, 12) + 2, 5) +
        gd -
        34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
}

/** Gregorian date of a Julian Day Number. */
function d2g(jdn) {
    let j = 4 * jdn + 139361631;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    const i = div(mod(j, 1461), 4) * 5 + 308;
    const gd = div(mod(i, 153), 5) + 1;
    const gm = mod(div(i, 153), 12) + 1;
    const gy = div(j, 1461) - 100100 + div(8 - gm, 6);
    return { gy, gm, gd };
}

function j2d(jy, jm, jd) {
    const { gy, march } = jalCal(jy);
    return g2d(gy, 3, march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
}

function d2j(jdn) {
    const { gy } = d2g(jdn);
    let jy = gy - 621;
    const { leap, march } = jalCal(jy);
    let k = jdn - g2d(gy, 3, march);
    if (k >= 0) {
        if (k <= 185) {
            return { jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 };
        }
        k -= 186;
    } else {
        jy -= 1;
        k += 179;
        if (leap === 1) {
            k += 1;
        }
    }
    return { jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
}

/** Whether the Jalali year has 366 days (Esfand has 30 days). */
export function isJalaliLeapYear(jy) {
    return jalCal(jy).leap === 0;
}

/** Number of days of a Jalali month (1-12). */
export function jalaliMonthLength(jy, jm) {
    if (jm <= 6) {
        return 31;
    }
    if (jm <= 11) {
        return 30;
    }
    return isJalaliLeapYear(jy) ? 30 : 29;
}

/** Whether jy/jm/jd is a date of the Jalali calendar. */
export function isValidJalaliDate(jy, jm, jd) {
    return (
        Number.isInteger(jy) &&
        Number.isInteger(jm) &&
        Number.isInteger(jd) &&
        jy >= -61 &&
        jy <= 3177 &&
        jm >= 1 &&
        jm <= 12 &&
        jd >= 1 &&
        jd <= jalaliMonthLength(jy, jm)
    );
}

/**
 * @param {number} gy @param {number} gm 1-12 @param {number} gd
 * @returns {{jy: number, jm: number, jd: number}}
 */
export function toJalali(gy, gm, gd) {
    return d2j(g2d(gy, gm, gd));
}

/**
 * @param {number} jy @param {number} jm 1-12 @param {number} jd
 * @returns {{gy: number, gm: number, gd: number}}
 */
export function toGregorian(jy, jm, jd) {
    if (!isValidJalaliDate(jy, jm, jd)) {
        throw new RangeError(`Invalid Jalali date ${jy}-${jm}-${jd}`);
    }
    return d2g(j2d(jy, jm, jd));
}

/**
 * Adds (or subtracts) whole Jalali months to a Jalali year and month.
 * @returns {{jy: number, jm: number}}
 */
export function addJalaliMonths(jy, jm, months) {
    const index = jy * 12 + (jm - 1) + months;
    return { jy: Math.floor(index / 12), jm: (((index % 12) + 12) % 12) + 1 };
}

const DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/g;

/** The string with Persian (۰-۹) and Arabic-Indic (٠-٩) digits made Latin. */
export function toLatinDigits(value) {
    return String(value).replace(DIGITS, (digit) => {
        const code = digit.charCodeAt(0);
        return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
}

/** Jalali quarter (1-4) of a Jalali month: Q1 is Farvardin to Khordad. */
export function jalaliQuarter(jm) {
    return Math.ceil(jm / 3);
}
