/**
 * Deployments as an admin builds them: the shipped example policies on gateways with real LAN
 * hosts behind them ({@link org.ikd.it.lab.SiteToSite}), traffic between and within the sites.
 * May import the lab helpers only.
 */
package org.ikd.it.deploy;
