package net.ijcl.tools;

import ij.Prefs;

import net.ijcl.Ijcl;

/**
 * For {@link DevicePreferenceTest}: loads ImageJ's preferences from {@code user.home} as ImageJ
 * does when it starts, then prints the preferred device and the device ijcl opens when no device
 * is given ({@code device=...}).
 */
public final class DevicePreferenceCheck {
    private DevicePreferenceCheck() {}

    public static void main(String[] args) {
        HeadlessImageJ.patch();
        Prefs.load(new DevicePreferenceCheck(), null);
        System.out.println("preferred=" + Ijcl.preferredDevice());
        System.out.println("device=" + Ijcl.deviceName());
        System.exit(0);
    }
}
