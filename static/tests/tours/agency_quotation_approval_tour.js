/** @odoo-module **/
