/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
/**
 * Search filters by period on the Jalali calendar, for the users who have
 * Jalali dates. The options keep Odoo's ids ("month", "month-1", "quarter"
 * ids, "year", "year-1"...), so favorites and URLs stay valid; what they mean
 * changes: "month" is the current Jalali month, Q1 is Farvardin to Khordad,
 * "year" the current Jalali year (from Nowruz). The search model is patched
 * where it builds the options' labels, the default year of a month or
 * quarter, the filter's domain and the comparison ranges.
 */

import { Domain } from "@web/core/domain";
import { serializeDate, serializeDateTime } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { clamp } from "@web/core/utils/numbers";
import { patch } from "@web/core/utils/patch";
import { COMPARISON_OPTIONS, QUARTERS } from "@web/search/utils/dates";
import { SearchModel } from "@web/search/search_model";
import { addJalaliMonths, jalaliMonthLength } from "./jalali_calendar";
import { fromJalali, isJalaliActive, jalaliMonthName, jalaliOf } from "./jalali_dates";

function toGeneratorId(unit, offset) {
    if (!offset) {
        return unit;
    }
    return `${unit}${offset > 0 ? "+" : "-"}${Math.abs(offset)}`;
}

/**
 * The period options of a date filter, on Jalali months and years (same ids
 * and structure as ``getPeriodOptions`` of ``@web/search/utils/dates``).
 */
export function getJalaliPeriodOptions(referenceMoment, optionsParams) {
    const { startYear, endYear, startMonth, endMonth, customOptions = [] } = optionsParams;
    const now = jalaliOf(referenceMoment);
    const yearShift = clamp(0, startYear, endYear);
    const months = [...Array(endMonth - startMonth + 1).keys()].map((i) => {
        const monthOffset = startMonth + i;
        const { jy, jm } = addJalaliMonths(now.jy + yearShift, now.jm, monthOffset);
        return {
            id: toGeneratorId("month", monthOffset),
            defaultYearId: toGeneratorId("year", clamp(jy - now.jy, startYear, endYear)),
            description: jalaliMonthName(fromJalali(jy, jm, 1)),
            granularity: "month",
            groupNumber: 1,
            plusParam: { months: monthOffset },
        };
    });
    const quarters = [4, 3, 2, 1].map((quarter) => ({
        id: ["first", "second", "third", "fourth"][quarter - 1] + "_quarter",
        groupNumber: 1,
        description: QUARTERS[quarter].description.toString(),
        setParam: { quarter },
        granularity: "quarter",
        defaultYearId: toGeneratorId("year", yearShift),
    }));
    const years = [...Array(endYear - startYear + 1).keys()].map((i) => {
        const offset = startYear + i;
        return {
            id: toGeneratorId("year", offset),
            description: String(now.jy + offset),
            granularity: "year",
            groupNumber: 2,
            plusParam: { years: offset },
        };
    });
    const custom = customOptions.map((option) => ({
        id: option.id,
        description: option.description,
        granularity: "withDomain",
        groupNumber: 3,
        domain: option.domain,
    }));
    return [...months.reverse(), ...quarters, ...years.reverse(), ...custom];
}

/** The Jalali year, month or quarter each selected option stands for. */
function selectedJalaliOptions(referenceMoment, searchItem, selectedOptionIds) {
    const options = getJalaliPeriodOptions(referenceMoment, searchItem.optionsParams);
    const now = jalaliOf(referenceMoment);
    const selected = { year: [], quarter: [], month: [], withDomain: [] };
    for (const id of selectedOptionIds) {
        const option = options.find((o) => o.id === id);
        if (!option) {
            continue;
        }
        if (option.granularity === "withDomain") {
            selected.withDomain.push(option);
        } else if (option.granularity === "year") {
            selected.year.push({ year: now.jy + option.plusParam.years });
        } else if (option.granularity === "quarter") {
            selected.quarter.push({ quarter: option.setParam.quarter });
        } else {
            selected.month.push({ month: addJalaliMonths(now.jy, now.jm, option.plusParam.months).jm });
        }
    }
    return selected;
}

/** [first month, number of months] of each period of the selection. */
function periodsOf(selected) {
    const periods = [];
    const parts = [
        ...selected.quarter.map((q) => ({ first: (q.quarter - 1) * 3 + 1, count: 3, ...q })),
        ...selected.month.map((m) => ({ first: m.month, count: 1, ...m })),
    ].sort((a, b) => a.first - b.first || b.count - a.count);
    for (const year of [...selected.year].sort((a, b) => a.year - b.year)) {
        if (parts.length) {
            for (const part of parts) {
                periods.push({ jy: year.year, ...part });
            }
        } else {
            periods.push({ jy: year.year, first: 1, count: 12 });
        }
    }
    return periods;
}

/** Months to move the selection by for a comparison option. */
function comparisonShift(selected, periods, comparisonOptionId) {
    if (comparisonOptionId === "previous_year") {
        return -12;
    }
    // previous_period: the span covered, moved back by its own length
    const starts = periods.map((p) => p.jy * 12 + p.first - 1);
    const ends = periods.map((p) => p.jy * 12 + p.first - 1 + p.count);
    return Math.min(...starts) - Math.max(...ends);
}

/**
 * Domain and description of a date filter's selected options on Jalali
 * periods (same contract as ``constructDateDomain``).
 */
export function constructJalaliDateDomain(
    referenceMoment,
    searchItem,
    selectedOptionIds,
    comparisonOptionId
) {
    const selected = selectedJalaliOptions(referenceMoment, searchItem, selectedOptionIds);
    if (selected.withDomain.length) {
        const [option] = selected.withDomain;
        return {
            description: option.description,
            domain: Domain.and([option.domain, searchItem.domain]),
        };
    }
    const periods = periodsOf(selected);
    const shift =
        comparisonOptionId && COMPARISON_OPTIONS[comparisonOptionId]
            ? comparisonShift(selected, periods, comparisonOptionId)
            : 0;
    const { fieldName, fieldType } = searchItem;
    const serialize = fieldType === "date" ? serializeDate : serializeDateTime;
    const zone = { zone: referenceMoment.zone };
    const method = localization.direction === "rtl" ? "push" : "unshift";
    const domains = [];
    const descriptions = [];
    for (const period of periods) {
        const start = addJalaliMonths(period.jy, period.first, shift);
        const last = addJalaliMonths(start.jy, start.jm, period.count - 1);
        const left = fromJalali(start.jy, start.jm, 1, zone);
        const right = fromJalali(last.jy, last.jm, jalaliMonthLength(last.jy, last.jm), zone).endOf(
            "day"
        );
        domains.push(
            new Domain([
                "&",
                [fieldName, ">=", serialize(left)],
                [fieldName, "<=", serialize(right)],
            ])
        );
        const parts = [String(start.jy)];
        if (period.count === 1) {
            parts[method](jalaliMonthName(left));
        } else if (period.count === 3) {
            parts[method](QUARTERS[Math.ceil(start.jm / 3)].description.toString());
        }
        descriptions.push(parts.join(" "));
    }
    return {
        domain: Domain.and([Domain.combine(domains, "OR"), searchItem.domain]),
        description: descriptions.join("/"),
    };
}

patch(SearchModel.prototype, {
    toggleDateFilter(searchItemId, generatorId) {
        const searchItem = this.searchItems[searchItemId];
        if (!isJalaliActive() || searchItem?.type !== "dateFilter") {
            return super.toggleDateFilter(searchItemId, generatorId);
        }
        const isYear = (elem) => elem.generatorId?.startsWith("year");
        const ofItem = (elem) => elem.searchItemId === searchItemId;
        const yearBefore = this.query.some((elem) => ofItem(elem) && isYear(elem));
        const before = new Set(this.query);
        super.toggleDateFilter(searchItemId, generatorId);
        if (yearBefore) {
            return;
        }
        // Odoo picked the default year of the month or quarter on the
        // Gregorian calendar: take the Jalali one.
        const added = this.query.filter((elem) => ofItem(elem) && !before.has(elem));
        if (!added.some(isYear)) {
            return;
        }
        const options = getJalaliPeriodOptions(this.referenceMoment, searchItem.optionsParams);
        const yearIds = new Set();
        for (const elem of added) {
            const option = options.find((o) => o.id === elem.generatorId);
            if (option?.defaultYearId) {
                yearIds.add(option.defaultYearId);
            }
        }
        if (!yearIds.size) {
            return;
        }
        this.query = this.query.filter((elem) => !added.includes(elem) || !isYear(elem));
        for (const yearId of yearIds) {
            this.query.push({ searchItemId, generatorId: yearId });
        }
        this._notify();
    },

    getFullComparison() {
        const result = super.getFullComparison();
        const comparison = this._getActiveComparison?.();
        if (!isJalaliActive() || !result || !comparison || comparison.type !== "comparison") {
            return result;
        }
        const dateFilter = this.searchItems[comparison.dateFilterId];
        const generatorIds = this._getSelectedGeneratorIds(comparison.dateFilterId);
        const range = constructJalaliDateDomain(this.referenceMoment, dateFilter, generatorIds);
        const compared = constructJalaliDateDomain(
            this.referenceMoment,
            dateFilter,
            generatorIds,
            comparison.comparisonOptionId
        );
        return {
            ...result,
            range: range.domain.toList(),
            rangeDescription: range.description,
            comparisonRange: compared.domain.toList(),
            comparisonRangeDescription: compared.description,
        };
    },

    _enrichItem(searchItem) {
        const enriched = super._enrichItem(searchItem);
        if (!isJalaliActive() || !enriched || searchItem.type !== "dateFilter") {
            return enriched;
        }
        const options = getJalaliPeriodOptions(this.referenceMoment, searchItem.optionsParams);
        enriched.options = enriched.options.map((option) => {
            const jalali = options.find((o) => o.id === option.id);
            return jalali ? { ...option, description: jalali.description } : option;
        });
        return enriched;
    },

    _getDateFilterDomain(dateFilter, generatorIds, key = "domain") {
        if (!isJalaliActive()) {
            return super._getDateFilterDomain(dateFilter, generatorIds, key);
        }
        return constructJalaliDateDomain(this.referenceMoment, dateFilter, generatorIds)[key];
    },
});
