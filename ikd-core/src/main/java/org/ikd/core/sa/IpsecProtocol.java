package org.ikd.core.sa;

/** The two IPsec protocols with their IPsec DOI protocol ID (RFC 2407 §4.4.1) and IP protocol number. */
public enum IpsecProtocol {
    AH(2, 51, "ah"),
    ESP(3, 50, "esp");

    private final int doiId;
    private final int ipProtocol;
    private final String keyword;

    IpsecProtocol(int doiId, int ipProtocol, String keyword) {
        this.doiId = doiId;
        this.ipProtocol = ipProtocol;
        this.keyword = keyword;
    }

    public int doiId() { return doiId; }
    public int ipProtocol() { return ipProtocol; }
    public String keyword() { return keyword; }
}
