// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { afterEach, beforeEach, describe, expect, test } from "@odoo/hoot";
import { queryAllTexts, queryOne } from "@odoo/hoot-dom";
import { animationFrame, mockDate, mockTimeZone } from "@odoo/hoot-mock";
import {
    contains,
    defineModels,
    defineParams,
    fields,
    getFacetTexts,
    makeMockEnv,
    models,
    mountView,
    mountWithSearch,
    onRpc,
    patchTranslations,
    patchWithCleanup,
    toggleMenuItem,
    toggleMenuItemOption,
    toggleSearchBarMenu,
} from "@web/../tests/web_test_helpers";
import { SearchBar } from "@web/search/search_bar/search_bar";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    formatDate,
    formatDateTime,
    parseDate,
    parseDateTime,
    serializeDate,
    serializeDateTime,
} from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import {
    addJalaliMonths,
    isJalaliLeapYear,
    isValidJalaliDate,
    jalaliMonthLength,
    toGregorian,
    toJalali,
    toLatinDigits,
} from "@crm_agency_sales/jalali/jalali_calendar";
import {
    activateJalali,
    deactivateJalali,
    fromJalali,
    isJalaliActive,
    parseJalali,
    plusJalaliMonths,
} from "@crm_agency_sales/jalali/jalali_dates";
import { JALALI_PRECISION_LEVELS } from "@crm_agency_sales/jalali/jalali_picker";
import {
    constructJalaliDateDomain,
    getJalaliPeriodOptions,
} from "@crm_agency_sales/jalali/jalali_search";
import { Domain } from "@web/core/domain";

const { DateTime } = luxon;

describe.current.tags("agency_jalali");
// the addon depends on mail: its services start in every mocked web client
defineMailModels();

const iso = (date) => date.toISODate();

describe("conversion", () => {
    test("Nowruz and the last day of Esfand, 1403 leap and 1404 not", () => {
        expect(isJalaliLeapYear(1403)).toBe(true);
        expect(isJalaliLeapYear(1404)).toBe(false);
        expect(isJalaliLeapYear(1399)).toBe(true);
        expect(isJalaliLeapYear(1408)).toBe(true);
        expect(isValidJalaliDate(1403, 12, 30)).toBe(true);
        expect(isValidJalaliDate(1404, 12, 30)).toBe(false);
        expect(isValidJalaliDate(1404, 12, 29)).toBe(true);
        expect(isValidJalaliDate(1404, 13, 1)).toBe(false);
        expect(isValidJalaliDate(1404, 7, 31)).toBe(false);
        expect(toGregorian(1403, 12, 30)).toEqual({ gy: 2025, gm: 3, gd: 20 });
        expect(toGregorian(1404, 1, 1)).toEqual({ gy: 2025, gm: 3, gd: 21 });
        expect(toGregorian(1404, 12, 29)).toEqual({ gy: 2026, gm: 3, gd: 20 });
        expect(toGregorian(1405, 1, 1)).toEqual({ gy: 2026, gm: 3, gd: 21 });
        expect(toJalali(2025, 3, 20)).toEqual({ jy: 1403, jm: 12, jd: 30 });
        expect(toJalali(2025, 3, 21)).toEqual({ jy: 1404, jm: 1, jd: 1 });
        expect(toJalali(2024, 9, 22)).toEqual({ jy: 1403, jm: 7, jd: 1 });
        expect(toJalali(2024, 2, 29)).toEqual({ jy: 1402, jm: 12, jd: 10 });
        expect(() => toGregorian(1404, 12, 30)).toThrow(/Invalid Jalali date/);
    });

    test("month lengths and month arithmetic", () => {
        expect([1, 6, 7, 11].map((m) => jalaliMonthLength(1404, m))).toEqual([31, 31, 30, 30]);
        expect(jalaliMonthLength(1403, 12)).toBe(30);
        expect(jalaliMonthLength(1404, 12)).toBe(29);
        expect(addJalaliMonths(1403, 12, 1)).toEqual({ jy: 1404, jm: 1 });
        expect(addJalaliMonths(1404, 1, -1)).toEqual({ jy: 1403, jm: 12 });
        expect(addJalaliMonths(1404, 3, -15)).toEqual({ jy: 1402, jm: 12 });
        // 30 Esfand 1403 + 12 months: 1404 has no 30 Esfand, the month's end.
        expect(iso(plusJalaliMonths(fromJalali(1403, 12, 30), 12))).toBe("2026-03-20");
        expect(iso(plusJalaliMonths(fromJalali(1403, 6, 31), 1))).toBe(
            iso(fromJalali(1403, 7, 30))
        );
    });

    test("every day of 1390-1420 round-trips, one day after the other", () => {
        let date = DateTime.fromObject({ year: 2011, month: 3, day: 21 });
        let previous = null;
        const problems = [];
        while (date.year < 2042) {
            const { jy, jm, jd } = toJalali(date.year, date.month, date.day);
            const back = toGregorian(jy, jm, jd);
            if (back.gy !== date.year || back.gm !== date.month || back.gd !== date.day) {
                problems.push(`${iso(date)} -> ${jy}/${jm}/${jd} -> ${JSON.stringify(back)}`);
            }
            if (previous) {
                const next =
                    jd === 1
                        ? jm === 1
                            ? previous.jy + 1 === jy && previous.jm === 12
                            : previous.jm + 1 === jm && previous.jd === jalaliMonthLength(previous.jy, previous.jm)
                        : previous.jd + 1 === jd;
                if (!next) {
                    problems.push(`${iso(date)}: ${jy}/${jm}/${jd} does not follow the day before`);
                }
            }
            previous = { jy, jm, jd };
            date = date.plus({ day: 1 });
        }
        expect(problems).toEqual([]);
        expect(previous).toEqual({ jy: 1420, jm: 10, jd: 11 });
    });

    test("Persian and Arabic-Indic digits", () => {
        expect(toLatinDigits("۱۴۰۳/۰۷/۱۵")).toBe("1403/07/15");
        expect(toLatinDigits("١٤٠٣-٠٧-١٥")).toBe("1403-07-15");
    });
});

describe("parsing and formatting", () => {
    beforeEach(() => {
        patchTranslations(); // the message of a refused date
        patchWithCleanup(localization, {
            dateFormat: "yyyy/MM/dd",
            dateTimeFormat: "yyyy/MM/dd HH:mm:ss",
        });
        activateJalali();
    });
    afterEach(() => deactivateJalali());

    test("parseJalali reads Jalali days in any digits, refuses non-days", () => {
        expect(iso(parseJalali("1403/07/15", "yyyy/MM/dd"))).toBe("2024-10-06");
        expect(iso(parseJalali("۱۴۰۳/۱۲/۳۰", "yyyy/MM/dd"))).toBe("2025-03-20");
        expect(iso(parseJalali("1404/01/01", "yyyy/MM/dd"))).toBe("2025-03-21");
        expect(parseJalali("1404/12/30", "yyyy/MM/dd").isValid).toBe(false);
        expect(parseJalali("1404/07/31", "yyyy/MM/dd").isValid).toBe(false);
        expect(parseJalali("not a date", "yyyy/MM/dd").isValid).toBe(false);
        const withTime = parseJalali("1403/07/15 14:30:05", "yyyy/MM/dd HH:mm:ss");
        expect(withTime.toFormat("HH:mm:ss")).toBe("14:30:05");
        expect(iso(withTime)).toBe("2024-10-06");
    });

    test("Odoo's own format, parse and serialize functions for a Jalali user", () => {
        expect(isJalaliActive()).toBe(true);
        // noon: the test browser's Intl time zone may differ from the mocked one
        const date = DateTime.fromObject({ year: 2024, month: 10, day: 6, hour: 12 });
        expect(toLatinDigits(formatDate(date))).toBe("1403/07/15");
        expect(serializeDate(date)).toBe("2024-10-06");
        expect(iso(parseDate("1403/07/15"))).toBe("2024-10-06");
        expect(iso(parseDate("۱۴۰۳/۰۷/۱۵"))).toBe("2024-10-06");
        expect(iso(parseDate("14030715"))).toBe("2024-10-06");
        expect(iso(parseDate("1403/7/5"))).toBe("2024-09-26");
        expect(() => parseDate("1404/12/30")).toThrow();
        const dateTime = DateTime.fromObject(
            { year: 2025, month: 3, day: 20, hour: 23, minute: 15 },
            { zone: "utc" }
        );
        expect(toLatinDigits(formatDateTime(dateTime, { tz: "utc" }))).toBe(
            "1403/12/30 23:15:00"
        );
        expect(serializeDateTime(dateTime)).toBe("2025-03-20 23:15:00");
        const parsed = parseDateTime("1403/12/30 23:15:00", { tz: "utc" });
        expect(serializeDateTime(parsed)).toBe("2025-03-20 23:15:00");
    });

    test("Gregorian again once switched off", () => {
        deactivateJalali();
        const date = DateTime.fromObject({ year: 2024, month: 10, day: 6, hour: 12 });
        expect(formatDate(date)).toBe("2024/10/06");
        expect(iso(parseDate("2024/10/06"))).toBe("2024-10-06");
    });
});

describe("picker grids", () => {
    beforeEach(async () => {
        await makeMockEnv(); // the localization (first day of the week)
        activateJalali();
    });
    afterEach(() => deactivateJalali());

    const daysIn = (jy, jm) => {
        const [month] = JALALI_PRECISION_LEVELS.get("days").getItems(fromJalali(jy, jm, 1), {});
        return month.weeks.flatMap((week) => week.days).filter((day) => !day.isOutOfRange);
    };

    test("day grid: the true length of each month", () => {
        expect(daysIn(1403, 12).length).toBe(30);
        expect(daysIn(1404, 12).length).toBe(29);
        expect(daysIn(1404, 1).length).toBe(31);
        expect(daysIn(1404, 7).length).toBe(30);
        const esfand = daysIn(1403, 12);
        expect(esfand[0].label).toBe("1");
        expect(esfand[0].id).toBe("2025-02-19");
        expect(esfand.at(-1).label).toBe("30");
        expect(esfand.at(-1).id).toBe("2025-03-20");
        const title = JALALI_PRECISION_LEVELS.get("days").getTitle(fromJalali(1404, 1, 1), {});
        expect(title[0]).toMatch(/1404$/);
    });

    test("month, year and decade grids", () => {
        const months = JALALI_PRECISION_LEVELS.get("months").getItems(fromJalali(1404, 5, 3), {
            minDate: DateTime.fromObject({ year: 1000 }),
            maxDate: DateTime.fromObject({ year: 9999 }),
        });
        expect(months.length).toBe(12);
        expect(months[0].id).toBe("2025-03-21");
        expect(iso(months[11].range[1])).toBe("2026-03-20");
        expect(months.every((m) => m.isValid)).toBe(true);
        const years = JALALI_PRECISION_LEVELS.get("years").getItems(fromJalali(1404, 5, 3), {});
        expect(years.map((y) => y.label)).toEqual(
            ["1399", "1400", "1401", "1402", "1403", "1404", "1405", "1406", "1407", "1408",
                "1409", "1410"]
        );
        expect(years[5].id).toBe("2025-03-21");
        expect(JALALI_PRECISION_LEVELS.get("years").getTitle(fromJalali(1404, 5, 3))).toBe(
            "1399 - 1410"
        );
        const decades = JALALI_PRECISION_LEVELS.get("decades").getItems(fromJalali(1404, 5, 3), {});
        expect(decades[1].label).toBe("1400");
    });
});

describe("search filters by period", () => {
    beforeEach(async () => {
        await makeMockEnv(); // the localization (reading direction)
        patchTranslations(); // the quarters' labels
        activateJalali();
    });
    afterEach(() => deactivateJalali());

    // 16 Farvardin 1404
    const reference = () => DateTime.fromObject({ year: 2025, month: 4, day: 5, hour: 10 });
    const searchItem = {
        fieldName: "date",
        fieldType: "date",
        domain: new Domain([]),
        optionsParams: { startYear: -2, endYear: 0, startMonth: -2, endMonth: 0, customOptions: [] },
    };
    const bounds = (ids, comparison) =>
        constructJalaliDateDomain(reference(), searchItem, ids, comparison)
            .domain.toList()
            .filter((leaf) => Array.isArray(leaf))
            .map((leaf) => leaf[2]);

    test("this month, last quarter, two months ago on Jalali periods", () => {
        expect(bounds(["year", "month"])).toEqual(["2025-03-21", "2025-04-20"]);
        expect(bounds(["year", "first_quarter"])).toEqual(["2025-03-21", "2025-06-21"]);
        expect(bounds(["year-1", "fourth_quarter"])).toEqual(["2024-12-21", "2025-03-20"]);
        expect(bounds(["year-1", "month-2"])).toEqual(["2025-01-20", "2025-02-18"]);
        expect(bounds(["year-1"])).toEqual(["2024-03-20", "2025-03-20"]);
        const { description } = constructJalaliDateDomain(reference(), searchItem, ["year", "month"]);
        expect(description).toMatch(/1404/);
    });

    test("options: Jalali labels, the default year of a month across Nowruz", () => {
        const options = getJalaliPeriodOptions(reference(), searchItem.optionsParams);
        const byId = Object.fromEntries(options.map((o) => [o.id, o]));
        expect(byId["month"].defaultYearId).toBe("year");
        expect(byId["month-2"].defaultYearId).toBe("year-1");
        expect(byId["year"].description).toBe("1404");
        expect(byId["year-2"].description).toBe("1402");
    });

    test("comparison with the previous period and year", () => {
        expect(bounds(["year", "month"], "previous_period")).toEqual(["2025-02-19", "2025-03-20"]);
        expect(bounds(["year", "month"], "previous_year")).toEqual(["2024-03-20", "2024-04-19"]);
    });
});

describe("date field", () => {
    class Lead extends models.Model {
        _name = "crm.lead";
        date_deadline = fields.Date();
        _records = [{ id: 1, date_deadline: "2025-03-10" }];
        _views = {
            form: `<form><field name="date_deadline"/></form>`,
            search: `<search><filter string="Deadline" name="deadline" date="date_deadline"/></search>`,
        };
    }
    defineModels([Lead]);

    beforeEach(() => {
        // a named zone: luxon hands it to Intl, which formats the Jalali day
        mockTimeZone("Asia/Tehran");
        defineParams({ lang_parameters: { date_format: "%Y/%m/%d" } });
        activateJalali();
    });
    afterEach(() => deactivateJalali());

    test("the picker shows Esfand 1403 and stores the Gregorian day picked", async () => {
        mockDate("2025-03-10 10:00:00");
        onRpc("web_save", ({ args }) => {
            expect.step(args[1].date_deadline);
        });
        await mountView({ type: "form", resModel: "crm.lead", resId: 1 });
        expect(toLatinDigits(queryOne(".o_field_date input").value)).toBe("1403/12/20");
        await contains(".o_field_date input").click();
        await animationFrame();
        const cells = queryAllTexts(".o_date_item_cell:not(.o_out_of_range)").filter(Boolean);
        expect(cells.at(-1)).toBe("30");
        expect(cells.length).toBe(30);
        await contains(".o_date_item_cell:not(.o_out_of_range):contains(/^30$/)").click();
        expect(toLatinDigits(queryOne(".o_field_date input").value)).toBe("1403/12/30");
        await contains(".o_form_button_save").click();
        expect.verifySteps(["2025-03-20"]);
    });

    test("typed Jalali input is stored as its Gregorian day", async () => {
        onRpc("web_save", ({ args }) => {
            expect.step(args[1].date_deadline);
        });
        await mountView({ type: "form", resModel: "crm.lead", resId: 1 });
        await contains(".o_field_date input").edit("۱۴۰۴/۰۱/۰۱");
        await contains(".o_form_button_save").click();
        expect.verifySteps(["2025-03-21"]);
    });

    test("the search bar's period filter on Jalali months", async () => {
        mockDate("2025-04-05 10:00:00"); // 16 Farvardin 1404
        const searchBar = await mountWithSearch(SearchBar, {
            resModel: "crm.lead",
            searchViewId: false,
            searchMenuTypes: ["filter"],
        });
        await toggleSearchBarMenu();
        await toggleMenuItem("Deadline");
        expect(queryAllTexts(".o-dropdown--menu .o_item_option")).toEqual([
            "Farvardin",
            "Esfand",
            "Bahman",
            "Q4",
            "Q3",
            "Q2",
            "Q1",
            "1404",
            "1403",
            "1402",
        ]);
        // two months back is in the previous Jalali year, not in 1404
        await toggleMenuItemOption("Deadline", "Bahman");
        expect(searchBar.env.searchModel.domain).toEqual([
            "&",
            ["date_deadline", ">=", "2025-01-20"],
            ["date_deadline", "<=", "2025-02-18"],
        ]);
        expect(getFacetTexts()).toEqual(["Deadline: Bahman 1403"]);
    });
});
