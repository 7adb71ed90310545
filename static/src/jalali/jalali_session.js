/** @odoo-module */
// Copyright 2026 crm_agency_sales authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
/**
 * Turns Jalali dates on at start-up for the users who have them: the server
 * sets ``agency_jalali`` in the session info from the user's calendar
 * preference (Preferences → Calendar; "Automatic" is Jalali for Persian).
 */

import { session } from "@web/session";
import { activateJalali } from "./jalali_dates";

if (session.agency_jalali) {
    activateJalali();
}
