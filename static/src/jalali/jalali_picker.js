/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
/**
 * The date picker on Jalali month, year, decade and century grids, for the
 * users who have Jalali dates (see jalali_dates.js). The day grid is the
 * Jalali month with its true length (31 days for the first six months, 30 for
 * the next five, 29 or 30 for Esfand) laid out on the user's weeks; the month
 * grid is the twelve Jalali months of a Jalali year; next and previous step
 * by Jalali months and years. Each cell carries the same Gregorian DateTime
 * range as Odoo's own cells, so the selection is a normal DateTime.
 */

import { _t } from "@web/core/l10n/translation";
import { isInRange, today } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { patch } from "@web/core/utils/patch";
import { addJalaliMonths, jalaliMonthLength } from "./jalali_calendar";
import {
    fromJalali,
    isJalaliActive,
    jalaliMonthName,
    jalaliOf,
    plusJalaliMonths,
    startOfJalaliMonth,
} from "./jalali_dates";

const { Info } = luxon;

const DAYS_PER_WEEK = 7;
const WEEKS_PER_MONTH = 6;
const GRID_COUNT = 10;
const GRID_MARGIN = 1;

const numberRange = (min, max) => [...Array(max - min)].map((_, i) => i + min);

function getStartOfWeek(date) {
    const { weekStart } = localization;
    return date.set({ weekday: date.weekday < weekStart ? weekStart - 7 : weekStart });
}

function toDateItem({ isOutOfRange = false, isValid = true, label, range, extraClass }) {
    return {
        id: range[0].toISODate(),
        includesToday: isInRange(today(), range),
        isOutOfRange,
        isValid,
        label,
        range,
        extraClass,
    };
}

function jalaliMonthRange(jy, jm, options) {
    return [
        fromJalali(jy, jm, 1, options),
        fromJalali(jy, jm, jalaliMonthLength(jy, jm), options).endOf("day"),
    ];
}

function jalaliYearRange(jy, options) {
    return [
        fromJalali(jy, 1, 1, options),
        fromJalali(jy + 1, 1, 1, options).minus({ millisecond: 1 }),
    ];
}

function zoneOf(date) {
    return { zone: date.zone };
}

/**
 * The weeks of the Jalali month ``jy``/``jm`` as Odoo's picker lays them out.
 * @returns {{ weeks: Object[], lastWeek: Object, hasLastWeek: boolean, range: luxon.DateTime[] }}
 */
export function jalaliMonthWeeks(jy, jm, params = {}, options = {}) {
    const { maxDate, minDate, isDateValid, dayCellClass } = params;
    const monthRange = jalaliMonthRange(jy, jm, options);
    const weeks = [];
    let lastWeek = null;
    let hasLastWeek = false;
    let startOfNextWeek = getStartOfWeek(monthRange[0]);
    for (let w = 0; w < WEEKS_PER_MONTH; w++) {
        const days = [];
        for (let d = 0; d < DAYS_PER_WEEK; d++) {
            const day = startOfNextWeek.plus({ day: d });
            const range = [day, day.endOf("day")];
            const inLimits = minDate && maxDate ? isInRange(range, [minDate, maxDate]) : true;
            const item = toDateItem({
                isOutOfRange: !isInRange(day, monthRange),
                isValid: inLimits && (isDateValid ? isDateValid(day) : undefined),
                label: String(jalaliOf(day).jd),
                range,
                extraClass: dayCellClass?.(day) || "",
            });
            days.push(item);
            if (d === DAYS_PER_WEEK - 1) {
                startOfNextWeek = day.plus({ day: 1 });
            }
            if (w === WEEKS_PER_MONTH - 1) {
                hasLastWeek ||= !item.isOutOfRange;
            }
        }
        const week = { number: days[3].range[0].weekNumber, days };
        if (w === WEEKS_PER_MONTH - 1) {
            lastWeek = week;
        } else {
            weeks.push(week);
        }
    }
    return { weeks, lastWeek, hasLastWeek, range: monthRange };
}

/** The picker's precision levels on the Jalali calendar. */
export const JALALI_PRECISION_LEVELS = new Map()
    .set("days", {
        mainTitle: _t("Select month"),
        nextTitle: _t("Next month"),
        prevTitle: _t("Previous month"),
        step: { jalaliMonths: 1 },
        getTitle: (date, { additionalMonth }) => {
            const start = startOfJalaliMonth(date);
            const titles = [`${jalaliMonthName(start)} ${jalaliOf(start).jy}`];
            if (additionalMonth) {
                const next = plusJalaliMonths(start, 1);
                titles.push(`${jalaliMonthName(next)} ${jalaliOf(next).jy}`);
            }
            return titles;
        },
        getItems: (date, params) => {
            const { jy, jm } = jalaliOf(date);
            const months = [{ jy, jm }];
            if (params.additionalMonth) {
                months.push(addJalaliMonths(jy, jm, 1));
            }
            const grids = months.map((month) =>
                jalaliMonthWeeks(month.jy, month.jm, params, zoneOf(date))
            );
            const withLastWeek = grids.some((grid) => grid.hasLastWeek);
            return grids.map((grid, i) => {
                const weeks = withLastWeek ? [...grid.weeks, grid.lastWeek] : grid.weeks;
                const daysOfWeek = grid.weeks[0].days.map((d) => [
                    d.range[0].weekdayShort,
                    d.range[0].weekdayLong,
                    Info.weekdays("narrow", { locale: d.range[0].locale })[d.range[0].weekday - 1],
                ]);
                if (params.showWeekNumbers) {
                    daysOfWeek.unshift(["#", _t("Week numbers"), "#"]);
                }
                return { id: `__month__${i}`, number: months[i].jm, daysOfWeek, weeks };
            });
        },
    })
    .set("months", {
        mainTitle: _t("Select year"),
        nextTitle: _t("Next year"),
        prevTitle: _t("Previous year"),
        step: { jalaliMonths: 12 },
        getTitle: (date) => String(jalaliOf(date).jy),
        getItems: (date, { maxDate, minDate }) => {
            const { jy } = jalaliOf(date);
            return numberRange(1, 13).map((jm) => {
                const range = jalaliMonthRange(jy, jm, zoneOf(date));
                return toDateItem({
                    isValid: isInRange(range, [minDate, maxDate]),
                    label: jalaliMonthName(range[0], "MMM"),
                    range,
                });
            });
        },
    })
    .set("years", {
        mainTitle: _t("Select decade"),
        nextTitle: _t("Next decade"),
        prevTitle: _t("Previous decade"),
        step: { jalaliMonths: 120 },
        getTitle: (date) => {
            const start = Math.floor(jalaliOf(date).jy / 10) * 10;
            return `${start - 1} - ${start + 10}`;
        },
        getItems: (date, { maxDate, minDate }) => {
            const start = Math.floor(jalaliOf(date).jy / 10) * 10;
            return numberRange(-GRID_MARGIN, GRID_COUNT + GRID_MARGIN).map((i) => {
                const range = jalaliYearRange(start + i, zoneOf(date));
                return toDateItem({
                    isOutOfRange: i < 0 || i >= GRID_COUNT,
                    isValid: isInRange(range, [minDate, maxDate]),
                    label: String(start + i),
                    range,
                });
            });
        },
    })
    .set("decades", {
        mainTitle: _t("Select century"),
        nextTitle: _t("Next century"),
        prevTitle: _t("Previous century"),
        step: { jalaliMonths: 1200 },
        getTitle: (date) => {
            const start = Math.floor(jalaliOf(date).jy / 100) * 100;
            return `${start - 10} - ${start + 100}`;
        },
        getItems: (date, { maxDate, minDate }) => {
            const start = Math.floor(jalaliOf(date).jy / 100) * 100;
            return numberRange(-GRID_MARGIN, GRID_COUNT + GRID_MARGIN).map((i) => {
                const decade = start + i * 10;
                const range = [
                    fromJalali(decade, 1, 1, zoneOf(date)),
                    fromJalali(decade + 10, 1, 1, zoneOf(date)).minus({ millisecond: 1 }),
                ];
                return toDateItem({
                    isOutOfRange: i < 0 || i >= GRID_COUNT,
                    isValid: isInRange(range, [minDate, maxDate]),
                    label: String(decade),
                    range,
                });
            });
        },
    });

patch(DateTimePicker.prototype, {
    get activePrecisionLevel() {
        if (!isJalaliActive()) {
            return super.activePrecisionLevel;
        }
        return JALALI_PRECISION_LEVELS.get(this.state.precision);
    },

    adjustFocus(values, focusedDateIndex) {
        if (!isJalaliActive()) {
            return super.adjustFocus(values, focusedDateIndex);
        }
        if (!this.shouldAdjustFocusDate && this.state.focusDate) {
            return;
        }
        let dateToFocus =
            values[focusedDateIndex] || values[focusedDateIndex === 1 ? 0 : 1] || today();
        if (
            this.additionalMonth &&
            focusedDateIndex === 1 &&
            values[0] &&
            values[1] &&
            jalaliOf(values[0]).jm !== jalaliOf(values[1]).jm
        ) {
            dateToFocus = plusJalaliMonths(dateToFocus, -1);
        }
        this.shouldAdjustFocusDate = false;
        this.state.focusDate = this.clamp(startOfJalaliMonth(dateToFocus));
    },

    next(ev) {
        if (!isJalaliActive()) {
            return super.next(ev);
        }
        ev.preventDefault();
        const months = this.activePrecisionLevel.step.jalaliMonths;
        this.state.focusDate = this.clamp(plusJalaliMonths(this.state.focusDate, months));
    },

    previous(ev) {
        if (!isJalaliActive()) {
            return super.previous(ev);
        }
        ev.preventDefault();
        const months = this.activePrecisionLevel.step.jalaliMonths;
        this.state.focusDate = this.clamp(plusJalaliMonths(this.state.focusDate, -months));
    },
});
