namespace Concentrator.Protocol.Tests;
public class ProbeTests { [Fact] public void Builds() => Assert.True(true); }
