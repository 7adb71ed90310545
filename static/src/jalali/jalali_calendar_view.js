/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
/**
 * The calendar view's headers in Jalali for the users who have Jalali dates:
 * the title of the day, week and month scales (Odoo builds them from luxon
 * month names, which are Jalali already, and the Gregorian ``year`` number)
 * and the day numbers of the day and week columns.
 */

import { patch } from "@web/core/utils/patch";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { CalendarCommonRenderer } from "@web/views/calendar/calendar_common/calendar_common_renderer";
import { isJalaliActive, jalaliMonthName, jalaliOf } from "./jalali_dates";

const monthAndYear = (date) => `${jalaliMonthName(date)} ${jalaliOf(date).jy}`;

patch(CalendarController.prototype, {
    get dayHeader() {
        if (!isJalaliActive()) {
            return super.dayHeader;
        }
        return `${jalaliOf(this.date).jd} ${monthAndYear(this.date)}`;
    },

    get weekHeader() {
        if (!isJalaliActive()) {
            return super.weekHeader;
        }
        const { rangeStart, rangeEnd } = this.model;
        const start = jalaliOf(rangeStart);
        const end = jalaliOf(rangeEnd);
        if (start.jy !== end.jy) {
            return `${monthAndYear(rangeStart)} - ${monthAndYear(rangeEnd)}`;
        } else if (start.jm !== end.jm) {
            return `${jalaliMonthName(rangeStart)} - ${monthAndYear(rangeEnd)}`;
        }
        return monthAndYear(rangeStart);
    },

    get currentMonth() {
        if (!isJalaliActive()) {
            return super.currentMonth;
        }
        return monthAndYear(this.date);
    },

    get currentYear() {
        if (!isJalaliActive()) {
            return super.currentYear;
        }
        return String(jalaliOf(this.date).jy);
    },
});

patch(CalendarCommonRenderer.prototype, {
    headerTemplateProps(date) {
        const props = super.headerTemplateProps(date);
        if (!isJalaliActive()) {
            return props;
        }
        const options = props.scale === "month" ? { zone: "UTC" } : {};
        return { ...props, day: jalaliOf(luxon.DateTime.fromJSDate(date, options)).jd };
    },
});
