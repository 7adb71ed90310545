/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
/**
 * Jalali dates in the web client, at the level of luxon.
 *
 * Odoo formats every date it shows (lists, forms, kanban cards, the chatter,
 * activities, calendar titles) through luxon's ``toFormat`` /
 * ``toLocaleString``, and reads typed input through ``DateTime.fromFormat``
 * (``parseDate`` / ``parseDateTime`` of ``@web/core/l10n/dates``). So, for a
 * user who has Jalali dates (the ``agency_jalali`` flag of the session, set
 * from the user's preference), :func:`activateJalali`:
 *
 * - sets luxon's default output calendar to ``persian``: luxon then formats
 *   day, month and year through ``Intl`` in the Solar Hijri calendar;
 * - keeps the two server formats Gregorian: ``serializeDate`` and
 *   ``serializeDateTime`` call ``toFormat("yyyy-MM-dd[ HH:mm:ss]",
 *   {numberingSystem: "latn"})``, and those stay Gregorian whatever the user;
 * - reads the day, month and year of a typed date as Jalali (Persian,
 *   Arabic-Indic or Latin digits) and converts them exactly.
 *
 * Nothing of this runs for other users: without the flag luxon is untouched.
 */

import {
    addJalaliMonths,
    isValidJalaliDate,
    jalaliMonthLength,
    toGregorian,
    toJalali,
    toLatinDigits,
} from "./jalali_calendar";

const { DateTime, Settings } = luxon;

/** Formats and parse patterns that carry values for the server, never Jalali. */
const TECHNICAL_FORMATS = new Set(["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "MM/yyyy"]);

const original = {
    toFormat: DateTime.prototype.toFormat,
    fromFormat: DateTime.fromFormat,
    outputCalendar: Settings.defaultOutputCalendar,
};

let active = false;

/** Whether the web client currently shows and reads Jalali dates. */
export function isJalaliActive() {
    return active;
}

//-----------------------------------------------------------------------------
// Jalali helpers on luxon DateTimes
//-----------------------------------------------------------------------------

/**
 * @param {luxon.DateTime} date
 * @returns {{jy: number, jm: number, jd: number}} the Jalali day of ``date``
 *  (in its own time zone)
 */
export function jalaliOf(date) {
    return toJalali(date.year, date.month, date.day);
}

/**
 * The start (00:00) of a Jalali day, as a luxon DateTime.
 * @param {number} jy @param {number} jm @param {number} jd
 * @param {Object} [options] luxon options (zone, locale...)
 */
export function fromJalali(jy, jm, jd, options = {}) {
    const { gy, gm, gd } = toGregorian(jy, jm, jd);
    return DateTime.fromObject({ year: gy, month: gm, day: gd }, options);
}

function zoneOptions(date) {
    return { zone: date.zone, locale: date.locale, numberingSystem: date.numberingSystem };
}

/** First day (00:00) of the Jalali month of ``date``. */
export function startOfJalaliMonth(date) {
    const { jy, jm } = jalaliOf(date);
    return fromJalali(jy, jm, 1, zoneOptions(date));
}

/** Last moment of the Jalali month of ``date``. */
export function endOfJalaliMonth(date) {
    const { jy, jm } = jalaliOf(date);
    return fromJalali(jy, jm, jalaliMonthLength(jy, jm), zoneOptions(date)).endOf("day");
}

/** First day (00:00) of the Jalali year of ``date`` (Nowruz). */
export function startOfJalaliYear(date) {
    return fromJalali(jalaliOf(date).jy, 1, 1, zoneOptions(date));
}

/**
 * ``date`` moved by whole Jalali months, the day kept when the target month
 * has it, else the target month's last day (as luxon does for Gregorian).
 */
export function plusJalaliMonths(date, months) {
    const { jy, jm, jd } = jalaliOf(date);
    const target = addJalaliMonths(jy, jm, months);
    const day = Math.min(jd, jalaliMonthLength(target.jy, target.jm));
    const start = fromJalali(target.jy, target.jm, day, zoneOptions(date));
    return start.set({
        hour: date.hour,
        minute: date.minute,
        second: date.second,
        millisecond: date.millisecond,
    });
}

/**
 * The Jalali month name of ``date`` in the user's language. Intl names the
 * month of the 15th at noon, so that no time-zone offset can move it to the
 * neighbouring month.
 */
export function jalaliMonthName(date, format = "MMMM") {
    const { jy, jm } = jalaliOf(date);
    return fromJalali(jy, jm, 15, zoneOptions(date))
        .set({ hour: 12 })
        .reconfigure({ outputCalendar: "persian" })
        .toFormat(format);
}

//-----------------------------------------------------------------------------
// Parsing
//-----------------------------------------------------------------------------

/**
 * Reads ``text`` in luxon format ``fmt`` with the day, month and year taken
 * as Jalali. Returns an invalid DateTime (never throws) when the text does not
 * match the format or is no Jalali date (e.g. 1404/12/30: 1404 is not leap).
 *
 * @param {string} text
 * @param {string} fmt
 * @param {Object} [options] the options of ``DateTime.fromFormat``
 * @returns {luxon.DateTime}
 */
export function parseJalali(text, fmt, options = {}) {
    const latin = toLatinDigits(text);
    let explained;
    try {
        explained = DateTime.fromFormatExplain(latin, fmt, {
            ...options,
            numberingSystem: "latn",
        });
    } catch {
        return DateTime.invalid("unparsable", `"${text}" does not match "${fmt}"`);
    }
    const vals = explained.result;
    if (!vals || explained.invalidReason) {
        return DateTime.invalid("unparsable", `"${text}" does not match "${fmt}"`);
    }
    const zone = explained.zone || options.zone || "default";
    const hasDate = ["year", "month", "day"].some((unit) => unit in vals);
    if (!hasDate) {
        // A time alone: nothing Jalali in it.
        return original.fromFormat.call(DateTime, latin, fmt, {
            ...options,
            numberingSystem: "latn",
        });
    }
    const now = jalaliOf(DateTime.local({ zone }));
    let jy = vals.year;
    if (jy !== undefined && !/yyy/.test(fmt) && /yy/.test(fmt)) {
        // Two-digit year: luxon expanded it around a Gregorian cutoff.
        jy = 1400 + (jy % 100);
        if (jy > now.jy + 50) {
            jy -= 100;
        }
    }
    // Like luxon: the units above the highest one given are today's, those
    // below it are the first.
    if (jy === undefined) {
        jy = now.jy;
    }
    let jm = vals.month;
    if (jm === undefined) {
        jm = vals.year === undefined ? now.jm : 1;
    }
    const jd = vals.day === undefined ? 1 : vals.day;
    if (!isValidJalaliDate(jy, jm, jd)) {
        return DateTime.invalid("unit out of range", `${jy}/${jm}/${jd} is no Jalali date`);
    }
    const { gy, gm, gd } = toGregorian(jy, jm, jd);
    return DateTime.fromObject(
        {
            year: gy,
            month: gm,
            day: gd,
            hour: vals.hour || 0,
            minute: vals.minute || 0,
            second: vals.second || 0,
            millisecond: vals.millisecond || 0,
        },
        {
            zone,
            locale: options.locale,
            numberingSystem: options.numberingSystem,
        }
    );
}

//-----------------------------------------------------------------------------
// Activation
//-----------------------------------------------------------------------------

function toFormat(fmt, options = {}) {
    if (TECHNICAL_FORMATS.has(fmt) && options.numberingSystem === "latn") {
        // serializeDate / serializeDateTime: the server reads Gregorian.
        return original.toFormat.call(this, fmt, { ...options, outputCalendar: "gregory" });
    }
    return original.toFormat.call(this, fmt, options);
}

function fromFormat(text, fmt, options = {}) {
    if (TECHNICAL_FORMATS.has(fmt)) {
        return original.fromFormat.call(this, text, fmt, options);
    }
    return parseJalali(text, fmt, options);
}

/** Jalali display and input from now on (idempotent). */
export function activateJalali() {
    if (active) {
        return;
    }
    active = true;
    Settings.defaultOutputCalendar = "persian";
    DateTime.prototype.toFormat = toFormat;
    DateTime.fromFormat = fromFormat;
}

/** Back to luxon's own behaviour (used by the tests). */
export function deactivateJalali() {
    if (!active) {
        return;
    }
    active = false;
    Settings.defaultOutputCalendar = original.outputCalendar;
    DateTime.prototype.toFormat = original.toFormat;
    DateTime.fromFormat = original.fromFormat;
}
