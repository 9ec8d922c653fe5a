package dev.sorobanbridge.testsupport;

/**
 * The dummy strkeys of the constructed Astera fixture (fixtures/astera/getEvents-astera-CONSTRUCTED.notes.json):
 * valid contract and account keys that belong to nobody.
 */
public final class AsteraKeys {
    public static final String INVOICE_CONTRACT = "CCMJI2SD4NOXQLX4TFSU4MAIKBGLLD3SUWYD6ANLCS566Y366HZJBTD5";
    public static final String POOL_CONTRACT = "CCPJJ66OWVRO53EU3KEW74BX5JDIWAXDHNZA3IIBVYNJWPQCAXI46CG6";
    public static final String USDC = "CB3FSU632XS3F7XLTRBS3SI7BFSPZLT7ELJSYHEQOCCVSHEH5HZLURYN";
    public static final String SME = "GAVXBBC6Y6CEDGSOPHH5BNTSCH7ZG2ZLV6DDWQPC4SICSBMGJ6RYDB5F";
    public static final String INVESTOR = "GA3TPSDXJSRB3KLWCNQJOC754THLIAMATAL7TORPRB3ZGQFIC5EJZ6XT";
    public static final String ORACLE = "GAGIPOMGMDLTHPK44TDW2PTBPKUINSIRK6B7EPXBY5KJDSRPV3TPCLJE";

    private AsteraKeys() {}
}
